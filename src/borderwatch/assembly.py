"""Building the screening assembly from settings and the store, once per process.

:func:`build_screener` is what every entry point calls: the CLI commands,
the report, the evaluation and the HTTP service. :func:`rebuild_screener`
builds the assembly a stored result records, so ``rescreen`` changes only
what it was told to change and can name the cause of every changed verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from borderwatch.errors import BorderwatchError, InputError, NotFoundError
from borderwatch.settings import Settings, get_settings

if TYPE_CHECKING:  # the rest is imported on use: `classify` needs none of the engine
    from sqlalchemy import Engine

    from borderwatch.engine.screener import PartyCheck, Screener
    from borderwatch.goods.classifier import HSClassifier
    from borderwatch.model.verdict import ScreeningConfiguration
    from borderwatch.rules.loader import RuleBase
    from borderwatch.store.list_matchers import ListMatcher

__all__ = [
    "NO_LIST",
    "ScreeningChoices",
    "build_screener",
    "goods_classifier",
    "rebuild_screener",
    "rule_base_at",
]

NO_LIST = (
    "no sanctions list is loaded; run `borderwatch lists load PATH|URL`, give --list PATH, "
    "or pass --no-parties to screen the goods only"
)


@dataclass(frozen=True)
class ScreeningChoices:
    """What a user may choose per run; everything else comes from settings.

    ``lists`` are list files or URLs to match parties against instead of the
    store's current snapshots (kept in the store, not made current, when
    ``keep_lists``, so results that name them can be re-screened);
    ``parties=False`` screens goods only.
    """

    rule_base: Path | None = None
    regimes: Sequence[str] | None = None
    classify: bool = True
    learned: bool = True
    parties: bool = True
    lists: Sequence[str] = ()
    keep_lists: bool = False


def _chosen_rule_base(
    path: Path | None, settings: Settings, database: Engine | None
) -> tuple[RuleBase, str | None]:
    """The rule base to screen with and its ``rule_base_source``: the folder at ``path`` or
    BORDERWATCH_RULE_BASE, else the store's current version (``stored:<hash>``), else the
    shipped one (None)."""
    from borderwatch.rules.loader import load_rule_base, shipped_rule_base

    chosen = path or settings.rule_base
    if chosen:
        return load_rule_base(chosen), str(chosen)
    if database is not None:
        from borderwatch.store.rule_bases import current_rule_base

        current = current_rule_base(database)
        if current is not None:
            base, version = current
            return base, version.source_name
    return shipped_rule_base(), None


def rule_base_at(
    path: Path | None, settings: Settings | None = None, database: Engine | None = None
) -> RuleBase:
    """The rule base at ``path``, at BORDERWATCH_RULE_BASE, the current one in ``database``
    (``borderwatch rules load``), or the shipped one — the rule base ``build_screener``
    screens with given the same."""
    return _chosen_rule_base(path, settings or get_settings(), database)[0]


def goods_classifier(database: Engine | None, learned: bool = True) -> HSClassifier:
    """The goods classifier (index from the cache), with officers' confirmed
    classifications from ``database`` when ``learned``."""
    from borderwatch.goods.classifier import default_classifier

    base = default_classifier()
    if database is None or not learned:
        return base
    from borderwatch.store.classification_decisions import learned_examples

    examples = learned_examples(database)
    return base.with_learned(examples) if len(examples) else base


def _checked(found: ListMatcher | None, threshold: float, confirm: float) -> PartyCheck:
    """Parties matched on ``found``'s snapshots, or referred for want of any list."""
    from borderwatch.engine.screener import PartyCheck
    from borderwatch.parties.documents import DocumentScreener

    if found is None:
        return PartyCheck.failed(NO_LIST, threshold=threshold, confirm_score=confirm)
    # a party's listed document number alerts whatever name it gives
    return PartyCheck(DocumentScreener(found.matcher), found.hashes, threshold, confirm)


def _party_check(
    settings: Settings, database: Engine | None, choices: ScreeningChoices
) -> PartyCheck:
    from borderwatch.engine.screener import PartyCheck
    from borderwatch.store.list_matchers import current_matcher, matcher_from_files

    threshold, confirm = settings.party_threshold, settings.party_confirm_score
    if not choices.parties:
        return PartyCheck.skipped(threshold=threshold, confirm_score=confirm)
    if choices.lists:
        keep = database if choices.keep_lists else None
        found = matcher_from_files(choices.lists, threshold=threshold, keep_in=keep)
        return _checked(found, threshold, confirm)
    current = current_matcher(database, threshold=threshold) if database else None
    return _checked(current, threshold, confirm)


def build_screener(
    choices: ScreeningChoices | None = None,
    *,
    database: Engine | None = None,
    settings: Settings | None = None,
) -> Screener:
    """The assembly for ``choices``, with thresholds from settings and lists from the store.

    The rule base is the folder ``choices`` or BORDERWATCH_RULE_BASE name, else the
    current version in ``database`` (``borderwatch rules load``), else the shipped one.
    """
    from borderwatch.engine.context import selected_regimes
    from borderwatch.engine.screener import Screener

    choices = choices or ScreeningChoices()
    settings = settings or get_settings()
    rule_base, source = _chosen_rule_base(choices.rule_base, settings, database)
    regimes = None
    if choices.regimes is not None:
        regimes = tuple(sorted(selected_regimes(rule_base, tuple(choices.regimes))))
    classifier = goods_classifier(database, choices.learned) if choices.classify else None
    return Screener(
        rule_base,
        regimes=regimes,
        rule_base_source=source,
        classifier=classifier,
        classify_confidence=settings.classify_confidence,
        parties=_party_check(settings, database, choices),
    )


def _recorded_parties(
    config: ScreeningConfiguration, database: Engine, *, current: bool
) -> PartyCheck:
    from borderwatch.engine.screener import PartyCheck
    from borderwatch.store.list_matchers import current_matcher, recorded_matcher

    threshold, confirm = config.party_threshold, config.party_confirm_score
    if config.party_lists is None:
        return PartyCheck.skipped(threshold=threshold, confirm_score=confirm)
    if current:
        return _checked(current_matcher(database, threshold=threshold), threshold, confirm)
    if not config.party_lists:
        return _checked(None, threshold, confirm)
    try:
        found = recorded_matcher(database, config.party_lists, threshold=threshold)
    except NotFoundError as exc:
        return PartyCheck.failed(str(exc), threshold=threshold, confirm_score=confirm)
    return _checked(found, threshold, confirm)


def _recorded_rule_base(
    config: ScreeningConfiguration, database: Engine, replacement: Path | None
) -> tuple[RuleBase, str | None]:
    """The rule base ``config`` records and its source, or the folder ``replacement``.

    The version is looked up in the store by its content hash first, so a result is
    screened under the very files it was, whatever became of its folder or whichever
    version is current now; the recorded source is kept (the content is the same). A
    version the store does not hold is read from the recorded folder, or the shipped
    rule base; if that differs, the rule-base change is named as a cause.
    """
    from borderwatch.rules.loader import load_rule_base, shipped_rule_base
    from borderwatch.store.rule_base_versions import STORED_PREFIX, stored_rule_base

    if replacement is not None:
        return load_rule_base(replacement), str(replacement)
    stored = stored_rule_base(database, config.rule_base)
    recorded = config.rule_base_source
    if stored is not None:
        return stored, recorded
    if recorded is None:
        return shipped_rule_base(), None
    if recorded.startswith(STORED_PREFIX):
        raise NotFoundError(
            f"the rule base {config.rule_base} a result was screened under is not in the "
            f"store at hand. Load its folder (borderwatch rules load PATH), or re-screen "
            "with --rule-base PATH."
        )
    return load_rule_base(Path(recorded)), recorded


def rebuild_screener(
    config: ScreeningConfiguration,
    *,
    database: Engine,
    rule_base: Path | None = None,
    current_rule_base: bool = False,
    current_lists: bool = False,
) -> Screener:
    """The assembly ``config`` records, changed only where asked.

    ``rule_base`` replaces the recorded rule base; ``current_rule_base`` replaces it
    with the one ``build_screener`` would use now (BORDERWATCH_RULE_BASE, the store's
    current version, or the shipped one); ``current_lists`` matches
    parties against the store's current snapshots instead of the recorded
    ones. The classifier is rebuilt as it is now: if officers' decisions or
    the lexicon changed since, the configuration says so and ``rescreen``
    names it as the cause.
    """
    from borderwatch.engine.context import selected_regimes
    from borderwatch.engine.screener import Screener

    if current_rule_base and rule_base is None:
        base, source = _chosen_rule_base(None, get_settings(), database)
    else:
        base, source = _recorded_rule_base(config, database, rule_base)
    classifier = goods_classifier(database) if config.classifier else None
    parties = _recorded_parties(config, database, current=current_lists)
    try:
        regimes = tuple(sorted(selected_regimes(base, config.regimes))) if config.regimes else None
    except BorderwatchError as exc:
        raise InputError(
            f"the recorded regimes {', '.join(config.regimes or ())} are not all in the rule "
            f"base at {source or 'the shipped rule base'}: {exc}"
        ) from exc
    return Screener(
        base,
        regimes=regimes,
        rule_base_source=source,
        classifier=classifier,
        classify_confidence=config.classify_confidence,
        parties=parties,
    )
