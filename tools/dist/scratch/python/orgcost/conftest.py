"""Times what the slack_org fixture costs a test: the setup and teardown of tests that take an
org of their own, less those of tests that take only the session's mock. Not a test suite of
its own: tools/dist/test.sh runs it for its measurements."""

import statistics

import pytest

# The setup plus teardown time of each test, in seconds, by whether it took an org.
_spent: dict[bool, dict[str, float]] = {True: {}, False: {}}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when in ("setup", "teardown"):
        spent = _spent["with_org" in report.nodeid]
        spent[report.nodeid] = spent.get(report.nodeid, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    # The first tests of each kind warm up the connection and the mock: leave them out.
    with_org = sorted(list(_spent[True].values())[50:])
    without = sorted(list(_spent[False].values())[50:])
    if with_org and without:
        cost = (statistics.median(with_org) - statistics.median(without)) * 1000
        terminalreporter.write_line(
            f"an org of its own through the pytest fixture (setup + teardown, beyond the session mock's): "
            f"median {cost:.2f} ms ({len(with_org)} tests)"
        )
