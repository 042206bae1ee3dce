"""``skillgap serve``: every endpoint and every error, with FastAPI's test client (httpx)."""

from __future__ import annotations

import io
import json
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from skillgap.cli import cli
from skillgap.ingest import Limits

from .conftest import EXAMPLES, FIXTURES

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'skillgap[web]'")
from fastapi.testclient import TestClient  # noqa: E402

from skillgap.web import WebLimits, create_app  # noqa: E402

from .fixtures.web import candidates

WEB = FIXTURES / "web"
ML = EXAMPLES / "resumes" / "ml_engineer.md"
CHANGER = EXAMPLES / "resumes" / "career_changer.md"
JOB_AD = WEB / "job_ad.txt"




@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(embeddings=False)) as c:
        yield c


def small_client(**limits: Any) -> TestClient:
    document = limits.pop("document", Limits())
    return TestClient(create_app(embeddings=False, limits=WebLimits(document=document, **limits)))


def make_pdf(path: Path, pages: list[str]) -> Path:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    c = canvas.Canvas(str(path))
    for text in pages:
        y = 800
        for line in text.splitlines():
            c.drawString(50, y, line)
            y -= 16
        c.showPage()
    c.save()
    return path


def zip_bytes(entries: dict[str, bytes], *, symlinks: tuple[str, ...] = ()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in symlinks:
                info.external_attr = (0o120777 << 16)
            zf.writestr(info, data)
    return buf.getvalue()


def files_of(*paths: Path) -> list[tuple[str, tuple[str, bytes]]]:
    return [("files", (p.name, p.read_bytes())) for p in paths]


def assert_error(r: Any, status: int, error: str, *words: str) -> dict[str, str]:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error", "message"}
    assert body["error"] == error, body
    assert "Traceback" not in r.text and "/tmp" not in body["message"]
    for w in words:
        assert w in body["message"], body
    return body  # type: ignore[no-any-return]


# -- the JSON equals the CLI's ------------------------------------------------------------------

def cli_json(monkeypatch: pytest.MonkeyPatch, folder: Path, *args: str) -> str:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, ["analyze", *args, "--format", "json", "--no-embeddings"])
    assert result.exit_code == 0, result.output
    return result.output


def test_api_analyze_equals_the_cli_json(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    r = client.post("/api/analyze", files=files_of(ML), data={"role": "ml-engineer"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.text == cli_json(monkeypatch, ML.parent, ML.name, "--role", "ml-engineer")


def test_api_analyze_equals_the_cli_for_a_pdf_and_every_role(
        client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "cv.pdf", ["Jane Example", "Experience",
                                         "- Trained PyTorch models and served them with Docker",
                                         "Skills", "Python, SQL, Kubernetes"])
    r = client.post("/api/analyze", files=files_of(pdf, CHANGER))
    assert r.status_code == 200, r.text
    # several files: the CLI gets the same names (both copied next to each other)
    (tmp_path / CHANGER.name).write_bytes(CHANGER.read_bytes())
    expected = cli_json(monkeypatch, tmp_path, "cv.pdf", CHANGER.name)
    assert r.text == expected
    assert len(json.loads(r.text)["roles"]) > 1  # no role: every role, as the CLI


def test_api_analyze_with_a_job_ad_file_equals_the_cli(
        client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    r = client.post("/api/analyze", files=[*files_of(ML), ("job_description_file",
                                                        ("job_ad.txt", JOB_AD.read_bytes()))])
    assert r.status_code == 200, r.text
    for p in (ML, JOB_AD):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    assert r.text == cli_json(monkeypatch, tmp_path, ML.name, "--job-description", JOB_AD.name)
    assert [f["role_id"] for f in r.json()["roles"]] == ["job-machine-learning-engineer"]


def test_api_analyze_with_a_pasted_job_ad_and_redaction(client: TestClient) -> None:
    r = client.post("/api/analyze", files=files_of(ML),
                    data={"job_description": JOB_AD.read_text(), "redact": "true"})
    assert r.status_code == 200, r.text
    assert r.json()["roles"][0]["label"] == "Machine Learning Engineer"
    cv = [("files", ("cv.txt", b"Experience\n- Built PyTorch models; mail ann.example@example.org"))]
    plain = client.post("/api/analyze", files=cv, data={"role": "ml-engineer"})
    assert "ann.example@example.org" in plain.text
    masked = client.post("/api/analyze", files=cv, data={"role": "ml-engineer", "redact": "true"})
    assert masked.status_code == 200 and "ann.example@example.org" not in masked.text


def test_a_zip_of_a_repository_is_read_as_a_folder(client: TestClient,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    repo = EXAMPLES / "portfolio" / "churn-forecast"
    entries = {f"churn-forecast/{p.relative_to(repo).as_posix()}": p.read_bytes()
               for p in sorted(repo.rglob("*")) if p.is_file()}
    r = client.post("/api/analyze", files=[("files", ("churn.zip", zip_bytes(entries)))],
                    data={"role": "data-scientist"})
    assert r.status_code == 200, r.text
    assert r.text == cli_json(monkeypatch, repo.parent, "churn-forecast", "--role",
                              "data-scientist")


def test_the_server_default_role_is_used_when_a_request_names_none() -> None:
    with TestClient(create_app(embeddings=False, role="data-scientist")) as c:
        r = c.post("/api/analyze", files=files_of(ML))
        assert [f["role_id"] for f in r.json()["roles"]] == ["data-scientist"]
        r = c.post("/api/analyze", files=files_of(ML), data={"role": "all"})
        assert len(r.json()["roles"]) > 1
        assert 'value="data-scientist" selected' in c.get("/").text


# -- errors -------------------------------------------------------------------------------------

def test_unsupported_file_is_415(client: TestClient) -> None:
    r = client.post("/api/analyze", files=[("files", ("tool.exe", b"MZ\x90\x00\x03" + bytes(300)))])
    assert_error(r, 415, "UnsupportedFormatError", "tool.exe", "convert")
    r = client.post("/api/analyze", files=[("files", ("cv.rtf", b"{\\rtf1 hello}"))])
    assert_error(r, 415, "UnsupportedFormatError", "cv.rtf")


def test_oversized_request_is_413() -> None:
    c = small_client(max_request_bytes=50_000)
    r = c.post("/api/analyze", files=[("files", ("big.txt", b"Python " * 20_000))])
    assert_error(r, 413, "UploadTooLargeError", "50,000 bytes", "--max-upload-mb")
    r = c.post("/analyze", files=[("files", ("big.txt", b"Python " * 20_000))])
    assert r.status_code == 413 and "text/html" in r.headers["content-type"]
    assert "--max-upload-mb" in r.text


def test_oversized_streamed_request_without_length_is_413() -> None:
    c = small_client(max_request_bytes=50_000)
    boundary = "b0undary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
            f"filename=\"big.txt\"\r\nContent-Type: text/plain\r\n\r\n").encode()

    def body() -> Iterator[bytes]:
        yield head
        for _ in range(20):
            yield b"Python " * 1000
        yield f"\r\n--{boundary}--\r\n".encode()

    r = c.post("/api/analyze", content=body(),
               headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert_error(r, 413, "UploadTooLargeError")


def test_file_size_file_count_and_page_limits_are_413(tmp_path: Path) -> None:
    c = small_client(max_files=2, document=Limits(max_bytes=2_000, max_pages=2))
    r = c.post("/api/analyze", files=[("files", ("cv.txt", b"Python " * 1_000))])
    assert_error(r, 413, "DocumentTooLargeError", "cv.txt", "max_bytes")
    r = c.post("/api/analyze", files=[("files", (f"{i}.txt", b"Python")) for i in range(3)])
    assert_error(r, 413, "UploadTooLargeError", "number of files", "--max-files")
    pdf = make_pdf(tmp_path / "long.pdf", ["Python"] * 3)
    r = small_client(document=Limits(max_pages=2)).post("/api/analyze", files=files_of(pdf))
    assert_error(r, 413, "DocumentTooLargeError", "long.pdf", "max_pages")


def test_zip_bomb_is_413() -> None:
    bomb = zip_bytes({"cv.txt": b"Python\n", "zeros.txt": bytes(30_000_000)})
    assert len(bomb) < 100_000
    c = small_client()
    r = c.post("/api/analyze", files=[("files", ("repo.zip", bomb))])
    assert_error(r, 413, "UploadTooLargeError", "repo.zip", "zip bomb")
    many = zip_bytes({f"f{i}.txt": b"Python" for i in range(30)})
    r = small_client(max_zip_entries=10).post("/api/analyze", files=[("files", ("m.zip", many))])
    assert_error(r, 413, "UploadTooLargeError", "entries", "m.zip")
    big = zip_bytes({"a.txt": bytes(range(256)) * 4_000})  # ~1 MB, compresses well but < ratio
    r = small_client(max_unzipped_bytes=100_000).post("/api/analyze", files=[("files", ("b.zip", big))])
    assert_error(r, 413, "UploadTooLargeError", "unpacked size", "b.zip")


@pytest.mark.parametrize("entry, symlinks, words", [
    ("../evil.txt", (), ["..", "outside"]),
    ("repo/../../evil.txt", (), [".."]),
    ("/etc/evil.txt", (), ["absolute"]),
    ("C:\\evil.txt", (), ["absolute"]),
    ("repo/link", ("repo/link",), ["symbolic link"]),
])
def test_path_traversal_in_a_zip_is_400(client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        entry: str, symlinks: tuple[str, ...], words: list[str]) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    data = zip_bytes({"repo/README.md": b"# demo\nPython and PyTorch", entry: b"/etc/passwd"},
                     symlinks=symlinks)
    r = client.post("/api/analyze", files=[("files", ("repo.zip", data))])
    assert_error(r, 400, "ArchiveError", "repo.zip", *words)
    assert not any(tmp_path.rglob("evil.txt")) and not (tmp_path.parent / "evil.txt").exists()
    assert list(tmp_path.iterdir()) == []


def test_broken_zip_is_400(client: TestClient) -> None:
    r = client.post("/api/analyze", files=[("files", ("repo.zip", b"PK\x03\x04 not really a zip"))])
    assert_error(r, 400, "ArchiveError", "repo.zip", "not a readable zip")


def test_job_ad_without_skills_is_422(client: TestClient) -> None:
    no_skill = (WEB / "job_ad_no_skill.txt").read_bytes()
    r = client.post("/api/analyze", files=[*files_of(ML), ("job_description_file",
                                                        ("chef.txt", no_skill))])
    assert_error(r, 422, "DocumentReadError", "chef.txt", "names no skill")
    r = client.post("/api/analyze", files=files_of(ML), data={"job_description": no_skill.decode()})
    assert_error(r, 422, "DocumentReadError", "names no skill")


def test_other_bad_requests(client: TestClient) -> None:
    assert_error(client.post("/api/analyze", data={"role": "ml-engineer"}), 400, "UploadError",
                 "no file")
    assert_error(client.post("/api/analyze", files=files_of(ML), data={"role": "wizard"}), 422,
                 "UnknownRoleError", "wizard", "ml-engineer")
    assert_error(client.post("/api/analyze", files=files_of(ML),
                             data={"role": "ml-engineer", "job_description": "ML Engineer\nPython"}),
                 400, "UploadError", "not both")
    assert_error(client.post("/api/analyze", files=[("files", ("empty.txt", b"  \n"))]), 422,
                 "DocumentReadError", "empty.txt", "empty")
    assert_error(client.post("/api/analyze", files=files_of(ML), data={"redact": "maybe"}), 422,
                 "RequestValidationError", "redact")
    assert_error(client.get("/api/jobs/nope"), 404, "HTTPError", "no such job")


def test_a_bug_is_a_500_without_traceback_or_data(client: TestClient,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    import skillgap

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("SECRET resume text")

    monkeypatch.setattr(skillgap, "analyze", broken)
    r = client.post("/api/analyze", files=files_of(ML))
    assert_error(r, 500, "InternalError", "RuntimeError", "please report it")
    assert "SECRET" not in r.text and "SECRET" not in caplog.text
    r = client.post("/analyze", files=files_of(ML))
    assert r.status_code == 500 and "SECRET" not in r.text and "<!DOCTYPE html>" in r.text


# -- nothing stays on disk ------------------------------------------------------------------------

def test_no_upload_remains_on_disk(client: TestClient, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    monkeypatch.setenv("TMPDIR", str(spool))
    requests = [
        client.post("/api/analyze", files=files_of(ML), data={"role": "ml-engineer"}),  # ok
        client.post("/api/analyze", files=[("files", ("x.exe", b"MZ" + bytes(2_000_000)))]),  # 415
        client.post("/api/analyze", files=[("files", ("r.zip", zip_bytes({"../e.txt": b"x"})))]),
        client.post("/api/analyze", files=files_of(ML), data={"role": "wizard"}),  # fails late
        client.post("/api/batch", files=[*files_of(ML, CHANGER), ("files", ("bad.pdf", b"%PDF-1"))],
                    data={"role": "ml-engineer"}),
        client.post("/api/batch", files=files_of(ML)),  # no role: 400 after the files were saved
        client.post("/analyze", files=files_of(ML)),  # the candidate view
    ]
    assert [r.status_code for r in requests] == [200, 415, 400, 422, 200, 400, 200]
    job = client.post("/api/batch", files=files_of(ML, CHANGER),
                      data={"role": "ml-engineer", "wait": "false"}).json()
    wait_for(client, job["job"])
    assert list(spool.rglob("*")) == []


def wait_for(client: TestClient, job_id: str, timeout: float = 120) -> dict[str, Any]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        status = client.get(f"/api/jobs/{job_id}").json()
        if status["status"] != "running":
            return status  # type: ignore[no-any-return]
        time.sleep(0.1)
    raise AssertionError("the job did not finish")


# -- the candidate view ---------------------------------------------------------------------------

def test_pages_are_offline_and_have_their_forms(client: TestClient) -> None:
    for url, form in (("/", 'action="/analyze"'), ("/recruiter", 'action="/recruiter"')):
        r = client.get(url)
        assert r.status_code == 200 and form in r.text
        assert "default-src 'none'" in r.headers["content-security-policy"]
        assert "http://" not in r.text and "https://" not in r.text
        assert 'name="files"' in r.text and 'name="job_description"' in r.text
        assert 'name="redact"' in r.text
    assert client.get("/static/web.js").status_code == 200
    assert "leaderboard" in client.get("/static/sort.js").text
    assert client.get("/static/../pyproject.toml").status_code == 404
    assert client.get("/docs").status_code == 404  # Swagger UI would load a CDN


def test_candidate_view_shows_the_report_and_downloads(client: TestClient) -> None:
    cv = ML.read_bytes() + b"\n- Python in Docker, mail priya.raman@example.org\n"
    r = client.post("/analyze", files=[("files", ("cv.md", cv))], data={"role": "ml-engineer",
                                                                        "redact": "on"},
                    follow_redirects=False)
    assert r.status_code == 303
    url = r.headers["location"]
    page = client.get(url)
    assert page.status_code == 200
    assert 'id="report-frame"' in page.text and "ML Engineer at" in page.text
    assert "personal data redacted" in page.text
    html = client.get(f"{url}/report.html")
    assert html.text.startswith("<!DOCTYPE html>") and "Learning plan" in html.text
    assert "priya.raman@example.org" not in html.text
    for fmt, kind in (("json", "application/json"), ("md", "text/markdown"), ("html", "text/html")):
        d = client.get(f"{url}/report.{fmt}", params={"download": "true"})
        assert d.status_code == 200 and d.headers["content-type"].startswith(kind)
        assert f'filename="skillgap-report.{fmt}"' in d.headers["content-disposition"]
        assert "priya.raman@example.org" not in d.text
    assert json.loads(client.get(f"{url}/report.json").text)["roles"][0]["role_id"] == "ml-engineer"
    assert client.get(f"{url}/report.pdf").status_code == 404
    gone = client.get("/results/not-a-token")
    assert gone.status_code == 404 and "no longer kept" in gone.text


def test_candidate_view_shows_errors_in_the_form(client: TestClient) -> None:
    r = client.post("/analyze", files=[("files", ("tool.exe", b"MZ" + bytes(300)))])
    assert r.status_code == 415
    assert 'role="alert"' in r.text and "UnsupportedFormatError" in r.text
    assert 'action="/analyze"' in r.text


# -- the recruiter view and the batch API ---------------------------------------------------------

def test_api_batch_rows_with_an_error_row(client: TestClient, tmp_path: Path) -> None:
    paths = candidates.write_candidates(tmp_path / "c", 4)
    r = client.post("/api/batch", files=[*files_of(*paths), ("files", ("broken.pdf", b"%PDF-1.4"))],
                    data={"role": "ml-engineer"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "done" and body["candidates_total"] == 5 and body["done"] == 5
    rows = body["rows"]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, None]
    assert rows[-1]["candidate_id"] == "broken.pdf" and "DocumentReadError" in rows[-1]["error"]
    assert rows[-1]["report"] is None and "/tmp" not in json.dumps(body)
    assert rows[0]["score"] >= rows[1]["score"] and rows[0]["report"].startswith("/jobs/")
    one = client.get(f"/api/jobs/{body['job']}/candidates/{rows[0]['index']}")
    assert one.json()["roles"][0]["role_id"] == "ml-engineer"
    report = client.get(rows[0]["report"])
    assert report.status_code == 200 and "<svg" in report.text
    assert client.get(f"/jobs/{body['job']}/candidates/99").status_code == 404


def test_batch_csv_equals_skillgap_batch(client: TestClient, tmp_path: Path) -> None:
    folder = tmp_path / "cands"
    paths = candidates.write_candidates(folder, 5)
    (folder / "notes.rtf").write_bytes(b"{\\rtf1 x}")
    r = client.post("/api/batch", files=files_of(*paths, folder / "notes.rtf"),
                    data={"role": "ml-engineer"})
    job = r.json()["job"]
    csv_web = client.get(f"/api/jobs/{job}/export.csv")
    assert csv_web.status_code == 200 and "attachment" in csv_web.headers["content-disposition"]
    result = CliRunner().invoke(cli, ["batch", str(folder), "--role", "ml-engineer", "--workers", "1",
                                      "--no-embeddings", "--quiet", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert csv_web.text == result.output
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(io.BytesIO(client.get(f"/api/jobs/{job}/export.parquet").content))
    assert table.num_rows == 6 and "must_haves_met" in table.column_names
    lines = client.get(f"/api/jobs/{job}/export.jsonl").text.splitlines()
    assert len(lines) == 6
    html = client.get(f"/api/jobs/{job}/export.html").text
    assert f"/jobs/{job}/candidates/1" in html
    assert client.get(f"/api/jobs/{job}/export.xlsx").status_code == 404


def test_batch_of_a_zip_of_candidate_folders_with_a_job_ad_and_must_haves(client: TestClient) -> None:
    entries = {f"applicants/{n}/resume.md": candidates.resume_text(i).encode()
               for i, n in enumerate(candidates.NAMES[:4])}
    entries["applicants/chen_wei/README.md"] = b"# tool\nA Kubernetes operator in Go."
    r = client.post("/api/batch", files=[("files", ("applicants.zip", zip_bytes(entries))),
                                         ("job_description_file", ("ad.txt", JOB_AD.read_bytes()))],
                    data={"must_have": "python, docker", "min_fit": "0.1"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["role_id"] == "job-machine-learning-engineer" and body["screened"]
    rows = {row["candidate_id"]: row for row in body["rows"]}
    assert sorted(rows) == sorted(candidates.NAMES[:4])
    assert rows["chen_wei"]["sources"] == "chen_wei/README.md;chen_wei/resume.md"
    assert rows["ada_lovel"]["shortlisted"] is True and rows["ada_lovel"]["must_haves_total"] == 2
    assert rows["chen_wei"]["shortlisted"] is False
    assert any("missing must-have" in reason for reason in rows["chen_wei"]["reasons"])


def test_batch_with_a_screening_profile_and_background_progress(client: TestClient,
                                                                tmp_path: Path) -> None:
    paths = candidates.write_candidates(tmp_path / "c", 3)
    r = client.post("/api/batch", files=[*files_of(*paths), ("profile_file", (
        "screen.yaml", (WEB / "screen_profile.yaml").read_bytes()))], data={"wait": "false"})
    assert r.status_code == 202
    started = r.json()
    assert started["status"] == "running" and started["total"] == 3 and started["rows"] == []
    assert client.get(f"/api/jobs/{started['job']}/export.csv").status_code in (200, 409)
    done = wait_for(client, started["job"])
    assert done["status"] == "done" and done["role_id"] == "ml-engineer" and done["screened"]
    assert done["candidates_done"] == 3 and len(done["rows"]) == 3
    bad = client.post("/api/batch", files=files_of(*paths), data={"must_have": "pytorh",
                                                                  "role": "ml-engineer"})
    assert_error(bad, 422, "UnknownSkillError", "pytorh", "PyTorch")


def test_recruiter_view_redirects_to_the_leaderboard(client: TestClient, tmp_path: Path) -> None:
    paths = candidates.write_candidates(tmp_path / "c", 3)
    erp = tmp_path / "c" / "kim_lee.md"
    erp.write_text("# Candidate kim_lee\n\n## Experience\n- Moved finance reports from SAP ERP to "
                   "Python; cut close time by 40%.\n\n## Skills\nPython, SQL, SAP ERP, "
                   "Salesforce\n", encoding="utf-8")
    r = client.post("/recruiter", files=files_of(*paths, erp), data={"role": "ml-engineer",
                                                                      "redact": "on"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/jobs/")
    job_id = r.headers["location"].rsplit("/", 1)[1]
    done = wait_for(client, job_id)
    page = client.get(r.headers["location"])
    assert page.status_code == 200
    assert 'id="leaderboard"' in page.text and 'id="filter-must"' in page.text
    assert f"/api/jobs/{job_id}/export.csv" in page.text and "Personal data redacted" in page.text
    assert page.text.count('<tr data-name=') == 4
    # the candidates' other skills (O*NET / ESCO): a sortable column, filtered by #filter-other
    assert '<th scope="col" data-sort="num"><button type="button">Other skills</button></th>' \
        in page.text and 'id="filter-other"' in page.text
    row = next(r for r in done["rows"] if r["candidate_id"] == "kim_lee.md")
    assert row["other_skills"] == "SAP ERP;Salesforce software"
    assert 'data-other="sap erp;salesforce software"' in page.text
    assert '<td data-label="Other skills" data-value="2">SAP ERP, Salesforce software</td>' \
        in page.text
    assert page.text.count('<td data-label="Other skills" data-value=') == 4
    missing = client.post("/recruiter", files=files_of(*paths), data={"role": ""})
    assert missing.status_code == 400 and "needs a role" in missing.text


def test_openapi_schema_documents_the_api(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    assert {"/api/analyze", "/api/batch", "/api/jobs/{job_id}", "/api/roles"} <= set(paths)
    analyze = paths["/api/analyze"]["post"]
    assert {"200", "400", "413", "415", "422"} <= set(analyze["responses"])
    body = analyze["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][body.rsplit("/", 1)[1]]["properties"]
    assert {"files", "role", "job_description", "job_description_file", "redact"} <= set(fields)
    assert "Analysis" in schema["components"]["schemas"]
    assert not any(p.startswith(("/results", "/jobs/", "/static")) for p in paths)
    roles = client.get("/api/roles").json()
    assert "ml-engineer" in {r["id"] for r in roles}


# -- the command ----------------------------------------------------------------------------------

def test_serve_warns_when_not_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    local = CliRunner().invoke(cli, ["serve", "--no-embeddings"])
    assert local.exit_code == 0, local.output
    assert "warning" not in local.output and "http://127.0.0.1:8000/" in local.output
    wide = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "9000",
                                    "--role", "ml-engineer", "--no-embeddings"])
    assert wide.exit_code == 0, wide.output
    assert "warning: listening on 0.0.0.0" in wide.output
    assert calls[-1]["host"] == "0.0.0.0" and calls[-1]["port"] == 9000
    assert calls[-1]["access_log"] is False
    bad = CliRunner().invoke(cli, ["serve", "--role", "wizard", "--no-embeddings"])
    assert bad.exit_code == 1 and "unknown role 'wizard'" in bad.output
