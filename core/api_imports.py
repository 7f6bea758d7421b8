"""An Excel import's state and progress over the API: GET /api/v1/imports/{import_id} (its uploader only)."""

from ninja import Router

from core.api import AUTH

from . import importing

router = Router(tags=["Excel 导入"], auth=AUTH)


@router.get("/imports/{import_id}")
def import_status(request, import_id: str):
    """State (previewed, queued, importing, done, failed) and progress (rows_done of rows_total) of an import;
    once done, how many rows were imported and their ids; once failed, the Chinese reason (nothing written).
    Another user's import answers 404 like an unknown one."""
    return importing.status_out(importing.batch_for(import_id, request.auth))
