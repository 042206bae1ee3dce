import skillgap


def test_all_is_sorted_and_complete() -> None:
    assert skillgap.__all__ == sorted(skillgap.__all__)
    for name in skillgap.__all__:
        assert hasattr(skillgap, name), name
    public = {n for n in dir(skillgap) if not n.startswith("_")}
    modules = {"cli", "errors", "extract", "ingest", "link", "models", "report", "score",
               "taxonomy", "importers", "spacy_component", "embed", "html", "redact", "batch",
               "screen", "jobad", "kpi", "annotations"}
    assert public - modules <= set(skillgap.__all__)
