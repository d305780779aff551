"""One module per export format, each exposing ``FORMAT``; the registry and detection order are in
:mod:`rehab.imports`."""
