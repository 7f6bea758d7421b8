"""Serving a stored file with HTTP range requests (RFC 9110 §14): a phone's video player asks for the part it
needs (`Range: bytes=…`) to start, seek and resume, and gets `206 Partial Content` with that part only.

Django's FileResponse always sends the whole file; the maintained range-serving packages are either static-file
servers (WhiteNoise serves only collected static files) or unmaintained since 2017, so the little needed is here:
one range per request (what media players send), `bytes=a-b`, `bytes=a-` and the suffix form `bytes=-n`; an
unsatisfiable range answers 416 with the size; anything else malformed is ignored and the whole file is sent
(as the RFC asks). `If-Range` with a stale validator also sends the whole file.
"""

import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import http_date

CHUNK = 64 * 1024
RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header, size):
    """(start, end) inclusive of the one range asked, None for no usable range (send all), or "unsatisfiable"."""
    if not header:
        return None
    m = RANGE_RE.match(header.strip())
    if not m or (not m.group(1) and not m.group(2)):
        return None  # several ranges, another unit or garbage: the whole file
    first, last = m.group(1), m.group(2)
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
        if last and int(last) < start:
            return None
        if start >= size:
            return "unsatisfiable"
        return start, end
    suffix = int(last)
    if suffix == 0:
        return "unsatisfiable"
    return max(0, size - suffix), size - 1


def _chunks(handle, start, length):
    try:
        handle.seek(start)
        left = length
        while left > 0:
            data = handle.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            yield data
    finally:
        handle.close()


def ranged_response(request, handle, *, size, content_type, filename, modified=None, etag=None):
    """The file at `handle` (open, binary, seekable; closed when sent) as 200 or 206 by the request's Range.
    `modified` is a datetime, `etag` a quoted string."""
    asked = parse_range(request.headers.get("Range", ""), size)
    if_range = request.headers.get("If-Range")
    if asked is not None and if_range and if_range not in (etag, http_date(modified.timestamp()) if modified else None):
        asked = None  # the client's copy is of another version: send the whole current file
    response: HttpResponse | StreamingHttpResponse
    if asked == "unsatisfiable":
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif asked is None:
        response = FileResponse(handle, content_type=content_type, filename=filename)
    else:
        start, end = asked
        response = StreamingHttpResponse(_chunks(handle, start, end - start + 1), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    if etag:
        response["ETag"] = etag
    if modified:
        response["Last-Modified"] = http_date(modified.timestamp())
    return response
