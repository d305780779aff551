"""The panel of lifter stories for issue 9: realistic logs, each with what the plan should say and why.

``catalog.all_stories()`` builds every story (seeded, in memory); ``run.run_story`` puts one through
the CLI into a fresh database and judges its checks; ``panel`` prints the story → expected → got table.
"""
