import skillgap


def test_all_is_sorted_and_complete() -> None:
    assert skillgap.__all__ == sorted(skillgap.__all__)
    for name in skillgap.__all__:
        assert hasattr(skillgap, name), name
    public = {n for n in dir(skillgap) if not n.startswith("_")}
    modules = {"cli", "errors", "extract", "ingest", "link", "models", "report", "score",
               "taxonomy", "importers", "spacy_component", "embed", "html", "redact", "batch",
               "screen", "jobad", "kpi", "annotations", "web"}
    assert public - modules <= set(skillgap.__all__)


def _fresh(code: str) -> str:
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_import_is_lazy() -> None:
    # The package and its encoder load without spaCy or pydantic (the GPU benchmark relies on it).
    out = _fresh("import sys, skillgap, skillgap.embed; "
                 "print(sorted(m for m in ('spacy', 'pydantic', 'torch') if m in sys.modules))")
    assert out == "[]"
    out = _fresh("import sys, skillgap; skillgap.analyze; print('spacy' in sys.modules)")
    assert out == "True"


def test_screen_stays_the_function_when_its_module_loads_later() -> None:
    out = _fresh("import skillgap, skillgap.screen, inspect; "
                 "print(inspect.isfunction(skillgap.screen), skillgap.ScreenProfile.__module__)")
    assert out == "True skillgap.score.screen"
