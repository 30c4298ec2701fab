"""Checks that visit many pages in one test, on the shared demo catalogue: every page is
visited even when one fails, and the test fails once, naming every page that failed."""

from playwright.sync_api import Error as PlaywrightError


def failures_over(cases, check):
    """Run `check(name, case)` for each item of the dict `cases`; the failures, each as
    "name: what failed".

    A failed assertion or `expect`, or a browser error (a page that never loads), ends the
    check of that one case; anything else is a fault in the test and stops it at once.
    """
    assert cases, "nothing to check"
    failures = []
    for name, case in cases.items():
        try:
            check(name, case)
        except (AssertionError, PlaywrightError) as error:
            failures.append(f"{name}: {error}")
    return failures


def report(failures, cases):
    """The message for the one assertion at the end: how many failed, then each failure."""
    return f"{len(failures)} of {len(cases)} failed:\n\n" + "\n\n".join(failures)
