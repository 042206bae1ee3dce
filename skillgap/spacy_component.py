"""skillgap as a spaCy pipeline component.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("skillgap")
>>> [(s.text, s.label_) for s in nlp("Trained models in PyTorch.").spans["skills"]]
[('PyTorch', 'pytorch')]

Registered through the ``spacy_factories`` entry point, so ``nlp.add_pipe("skillgap")`` works
once skillgap is installed. Config: ``taxonomy`` (path or null for the built-in), ``spans_key``.
This module is imported by spaCy at start-up: keep it cheap (no skillgap imports at top level).
"""

from __future__ import annotations

from typing import Any

__all__ = ["SkillgapComponent", "make_skillgap_component"]


class SkillgapComponent:
    """Sets ``doc.spans[spans_key]``: one span per skill mention, labelled with the skill id."""

    def __init__(self, nlp: Any, name: str, taxonomy: str | None, spans_key: str) -> None:
        from skillgap.taxonomy import load_taxonomy

        self.name = name
        self.spans_key = spans_key
        self.taxonomy = load_taxonomy(taxonomy)

    def __call__(self, doc: Any) -> Any:
        from skillgap.extract import find_mentions
        from skillgap.models import Document

        found = find_mentions(Document.from_text(doc.text, kind="text", source="<spacy>"), self.taxonomy)
        spans = []
        for m in found.mentions:
            span = doc.char_span(m.start, m.end, label=m.skill_id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


def make_skillgap_component(nlp: Any, name: str, taxonomy: str | None = None,
                            spans_key: str = "skills") -> SkillgapComponent:
    return SkillgapComponent(nlp, name, taxonomy, spans_key)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory("skillgap"):
        Language.factory("skillgap", default_config={"taxonomy": None, "spans_key": "skills"},
                         func=make_skillgap_component)


_register()
