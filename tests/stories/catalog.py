"""Every story of the panel, in the issue's order of failure classes."""

from __future__ import annotations

from .model import Story


def all_stories() -> list[Story]:
    from . import pain_stories, plan_stories, training_stories

    makers = [*pain_stories.STORIES, *training_stories.STORIES, *plan_stories.STORIES]
    stories = sorted((make() for make in makers), key=lambda s: s.name)
    names = [s.name for s in stories]
    assert len(set(names)) == len(names), f"duplicate story names: {names}"
    return stories
