"""``python -m rehab``: one argparse parser (:mod:`.main`) with a module per command group — analytics
and diaries (:mod:`.analytics`), export, restore, report and share (:mod:`.hosted`), app sync (:mod:`.sync`).

The top layer beside the dashboard: may import anything in ``rehab``. Output formats are contracts that
other tools script (README, "Command line").
"""
