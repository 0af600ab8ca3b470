"""The bundled demo portals (`portals/`) and the local portal server that serves them.

`zwgk demo` and the tests use `crawler.demo.server.serve_portals`; `expected_findings.yaml`
lists what a correct audit of the demo portals reports, and the traps it must not report.
"""
