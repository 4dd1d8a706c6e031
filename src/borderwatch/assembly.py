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

from sqlalchemy import Engine

from borderwatch.engine.context import selected_regimes
from borderwatch.engine.screener import PartyCheck, Screener
from borderwatch.errors import BorderwatchError, InputError, NotFoundError
from borderwatch.model.verdict import ScreeningConfiguration
from borderwatch.rules.loader import RuleBase, load_rule_base, shipped_rule_base
from borderwatch.settings import Settings, get_settings

if TYPE_CHECKING:
    from borderwatch.goods.classifier import HSClassifier
    from borderwatch.parties.entries import ListSnapshot

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


def rule_base_at(path: Path | None, settings: Settings | None = None) -> RuleBase:
    """The rule base at ``path``, at BORDERWATCH_RULE_BASE, or the shipped one."""
    chosen = path or (settings or get_settings()).rule_base
    return load_rule_base(chosen) if chosen else shipped_rule_base()


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


def _matched(snapshots: Sequence[ListSnapshot], threshold: float, confirm: float) -> PartyCheck:
    from borderwatch.parties.matcher import PartyMatcher

    if not snapshots:
        return PartyCheck.failed(NO_LIST, threshold=threshold, confirm_score=confirm)
    hashes = tuple(sorted(s.content_hash for s in snapshots))
    return PartyCheck(PartyMatcher(snapshots, threshold=threshold), hashes, threshold, confirm)


def _current_lists(database: Engine | None) -> list[ListSnapshot]:
    if database is None:
        return []
    from borderwatch.store.list_selections import current_snapshots

    return current_snapshots(database)


def _party_check(
    settings: Settings, database: Engine | None, choices: ScreeningChoices
) -> PartyCheck:
    threshold, confirm = settings.party_threshold, settings.party_confirm_score
    if not choices.parties:
        return PartyCheck.skipped(threshold=threshold, confirm_score=confirm)
    if choices.lists:
        from borderwatch.parties.sources import read_list

        snapshots = [read_list(loc) for loc in choices.lists]
        if choices.keep_lists and database is not None:
            from borderwatch.store.list_snapshots import save_snapshot

            for snapshot in snapshots:
                save_snapshot(database, snapshot)
        return _matched(snapshots, threshold, confirm)
    return _matched(_current_lists(database), threshold, confirm)


def build_screener(
    choices: ScreeningChoices | None = None,
    *,
    database: Engine | None = None,
    settings: Settings | None = None,
) -> Screener:
    """The assembly for ``choices``, with thresholds from settings and lists from the store."""
    choices = choices or ScreeningChoices()
    settings = settings or get_settings()
    rule_base = rule_base_at(choices.rule_base, settings)
    regimes = None
    if choices.regimes is not None:
        regimes = tuple(sorted(selected_regimes(rule_base, tuple(choices.regimes))))
    classifier = goods_classifier(database, choices.learned) if choices.classify else None
    source = choices.rule_base or settings.rule_base
    return Screener(
        rule_base,
        regimes=regimes,
        rule_base_source=str(source) if source else None,
        classifier=classifier,
        classifier_version=classifier.version if classifier else None,
        classify_confidence=settings.classify_confidence,
        parties=_party_check(settings, database, choices),
    )


def _recorded_parties(
    config: ScreeningConfiguration, database: Engine, *, current: bool
) -> PartyCheck:
    threshold, confirm = config.party_threshold, config.party_confirm_score
    if config.party_lists is None:
        return PartyCheck.skipped(threshold=threshold, confirm_score=confirm)
    if current:
        return _matched(_current_lists(database), threshold, confirm)
    if not config.party_lists:
        return PartyCheck.failed(NO_LIST, threshold=threshold, confirm_score=confirm)
    from borderwatch.store.list_selections import snapshots_by_hash

    try:
        found = snapshots_by_hash(database, config.party_lists)
    except NotFoundError as exc:
        return PartyCheck.failed(str(exc), threshold=threshold, confirm_score=confirm)
    return _matched(found, threshold, confirm)


def rebuild_screener(
    config: ScreeningConfiguration,
    *,
    database: Engine,
    rule_base: Path | None = None,
    current_lists: bool = False,
) -> Screener:
    """The assembly ``config`` records, changed only where asked.

    ``rule_base`` replaces the recorded rule base; ``current_lists`` matches
    parties against the store's current snapshots instead of the recorded
    ones. The classifier is rebuilt as it is now: if officers' decisions or
    the lexicon changed since, the configuration says so and ``rescreen``
    names it as the cause.
    """
    source = rule_base or (Path(config.rule_base_source) if config.rule_base_source else None)
    base = load_rule_base(source) if source else shipped_rule_base()
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
        rule_base_source=str(source) if source else None,
        classifier=classifier,
        classifier_version=classifier.version if classifier else None,
        classify_confidence=config.classify_confidence,
        parties=parties,
    )
