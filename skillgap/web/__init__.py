"""``skillgap serve``: a local web app where candidates and recruiters bring their files.

Two views and a JSON API on FastAPI (run with uvicorn), all offline — no external fonts,
scripts or CDNs:

* the candidate view: upload a resume, READMEs or a zip of a repository, pick a role or give a
  job ad, read the HTML report inline, download it as JSON, Markdown or HTML;
* the recruiter view: upload many files or a zip of candidate folders, pick a role, a job ad or
  a screening profile, follow the progress, sort and filter the leaderboard, open each
  candidate's report, export CSV or Parquet;
* the API: ``POST /api/analyze`` (the JSON of ``skillgap analyze --format json``),
  ``POST /api/batch``, ``GET /api/jobs/{id}``, ``GET /api/roles``; the schema at
  ``/openapi.json``.

Uploads are written to a temporary folder removed when the analysis ends (also when it fails);
results stay in memory for an hour; nothing is logged but error types. Needs the ``web`` extra:
``pip install 'skillgap[web]'``.

>>> from skillgap.web import create_app
>>> from fastapi.testclient import TestClient
>>> client = TestClient(create_app(embeddings=False))
>>> r = client.post("/api/analyze", files={"files": ("cv.txt", b"Experience\\n- Built PyTorch models")},
...                 data={"role": "ml-engineer"})
>>> r.status_code, [s["skill_id"] for s in r.json()["skills"]]
(200, ['pytorch'])
"""

from __future__ import annotations

from skillgap.web._app import create_app
from skillgap.web._uploads import ArchiveError, UploadError, UploadTooLargeError, WebLimits

__all__ = ["ArchiveError", "UploadError", "UploadTooLargeError", "WebLimits", "create_app"]
