"""The demo scenario: scenes of the field situation, read from package data."""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from borderwatch.model.declaration import Channel, Declaration

__all__ = ["Scene", "load_scenes"]


class Diff(BaseModel):
    """A `rules diff` the scene shows."""

    model_config = ConfigDict(extra="forbid")
    before: dt.date
    after: dt.date
    crossing: str
    channel: Channel | None = None


class Scene(BaseModel):
    """One moment at a crossing, screened under one or more regime selections."""

    model_config = ConfigDict(extra="forbid")
    title: str
    narrative: str
    views: list[list[str] | None]
    diff: Diff | None = None
    declarations: list[Declaration]


@cache
def load_scenes() -> tuple[Scene, ...]:
    """The shipped scenes, validated."""
    text = (resources.files("borderwatch.demo") / "field-scenario.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return tuple(Scene.model_validate(s) for s in data["scenes"])
