"""core.ranges: the one byte range a media player asks for, and the 206/416 answers built from it."""

import io

import pytest
from django.test import RequestFactory

from core import uploads
from core.ranges import parse_range, ranged_response


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=-5000", (0, 999)),
        ("bytes=900-5000", (900, 999)),
        ("bytes=1000-", "unsatisfiable"),
        ("bytes=-0", "unsatisfiable"),
        ("bytes=50-10", None),
        ("bytes=0-1,5-6", None),
        ("items=0-5", None),
        ("bytes=-", None),
        ("bytes=abc", None),
    ],
)
def test_a_range_header_is_read_as_the_rfc_says(header, expected):
    assert parse_range(header, 1000) == expected


def _response(header=None):
    data = bytes(range(256)) * 4
    headers = {"HTTP_RANGE": header} if header else {}
    request = RequestFactory().get("/file", **headers)
    return data, ranged_response(request, io.BytesIO(data), size=len(data), content_type="video/mp4", filename="a.mp4")


def test_a_range_answers_206_with_that_part_only():
    data, r = _response("bytes=10-19")
    assert r.status_code == 206 and r["Content-Range"] == "bytes 10-19/1024" and r["Content-Length"] == "10"
    assert b"".join(r.streaming_content) == data[10:20] and r["Accept-Ranges"] == "bytes"


def test_no_range_answers_the_whole_file_and_a_range_beyond_it_416():
    data, whole = _response()
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == data
    assert whole["Accept-Ranges"] == "bytes"
    _data, beyond = _response("bytes=5000-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == "bytes */1024"


def test_mp4_and_webm_are_detected_by_their_content():
    assert uploads.detect(b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2") == "mp4"
    assert uploads.detect(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00") is None  # an HEIF image shares the box
    webm = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"
    assert uploads.detect(webm) == "webm"
    assert uploads.detect(webm.replace(b"webm", b"mkv\x00")) is None
    ext, content_type, kind = uploads.validate("课.webm", webm, max_bytes=1000, allowed=uploads.VIDEOS)
    assert (ext, content_type, kind) == ("webm", "video/webm", "video")
    with pytest.raises(uploads.Invalid) as e:
        uploads.validate("课.mp4", b"%PDF-1.4", max_bytes=1000, allowed=uploads.VIDEOS)
    assert "只能上传视频（MP4、WEBM）" in e.value.detail
