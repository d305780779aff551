"""``python -m rehab``: one argparse parser (:mod:`.main`) built from a module per command group —
workout imports (:mod:`.imports`), the pain and session diaries and body areas (:mod:`.diaries`), the
plan and its flags (:mod:`.advice`), export, restore, report and share (:mod:`.hosted`), app sync
(:mod:`.sync`) — with what they share in :mod:`.common`. ``main`` imports the groups; a group imports
``common``, never ``main`` or another group.

The top layer beside the dashboard: may import anything in ``rehab``. Output formats are contracts that
other tools script (README, "Command line").
"""
