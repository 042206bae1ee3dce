"""skillgap as a spaCy pipeline component.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("skillgap")
>>> doc = nlp("Trained models in PyTorch.")
>>> [(s.text, s.label_) for s in doc.spans["skills"]]
[('PyTorch', 'pytorch')]

Registered through the ``spacy_factories`` entry point, so ``nlp.add_pipe("skillgap")`` works
once skillgap is installed. Config: ``taxonomy`` (path or null for the built-in), ``spans_key``.
This module is imported by spaCy at start-up: keep it cheap (no skillgap imports at top level).
"""

from __future__ import annotations

from typing import Any

__all__ = ["SkillgapComponent", "make_skillgap_component"]


class SkillgapComponent:
    """Sets ``doc.spans[spans_key]``: one span per skill mention, labelled with the skill id.

    Mentions are found as :func:`skillgap.find_mentions` finds them (aliases, cased names,
    context rules for ambiguous names); negated or aspirational mentions ("no Kubernetes",
    "learning Rust") are left out. The span group's ``attrs`` hold ``scores`` (link
    confidence, one per span) and ``methods`` (``exact``/``alias``).
    """

    def __init__(self, nlp: Any, name: str, taxonomy: str | None, spans_key: str) -> None:
        from skillgap.taxonomy import load_taxonomy

        self.name = name
        self.spans_key = spans_key
        self.taxonomy_path = taxonomy
        self.taxonomy = load_taxonomy(taxonomy)

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens import SpanGroup

        from skillgap.extract import find_mentions
        from skillgap.models import Document

        document = Document.from_text(doc.text, kind="text", source="<spacy>")
        spans, scores, methods = [], [], []
        for m in find_mentions(document, self.taxonomy).mentions:
            span = doc.char_span(m.start, m.end, label=m.skill_id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
                scores.append(m.score)
                methods.append(m.method)
        doc.spans[self.spans_key] = SpanGroup(doc, name=self.spans_key, spans=spans,
                                              attrs={"scores": scores, "methods": methods})
        return doc


def make_skillgap_component(nlp: Any, name: str, taxonomy: str | None = None,
                            spans_key: str = "skills") -> SkillgapComponent:
    """spaCy factory of the ``skillgap`` component (config: ``taxonomy``, ``spans_key``).

    ``taxonomy`` is a path to any taxonomy :func:`skillgap.load_taxonomy` reads (our YAML,
    an ESCO CSV, an O*NET file, a label list), or null for the built-in one.
    """
    return SkillgapComponent(nlp, name, taxonomy, spans_key)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory("skillgap"):
        Language.factory("skillgap", default_config={"taxonomy": None, "spans_key": "skills"},
                         func=make_skillgap_component)


_register()
