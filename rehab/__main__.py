import sys

from rehab.cli.main import main

sys.exit(main())
