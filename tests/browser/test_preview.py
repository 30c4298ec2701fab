"""Staff preview an unpublished initiative in a real browser: the banner is there and the
page still passes axe-core; the same address is not found for a visitor."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from catalogue.models import State
from initiatives.models import Initiative
from tests.browser.test_accessibility import describe_violations, run_axe

SLUG = "vrouwengroep-de-zonnebloem"


@pytest.mark.browser
def test_a_redacteur_previews_a_draft_and_a_visitor_gets_not_found(
    demo_site, browser, page, page_problems, editor_roles, django_user_model
):
    initiative = Initiative.objects.get(slug=SLUG)
    initiative.state = State.DRAFT
    initiative.save()
    user = django_user_model.objects.create_user(
        "voorbeeld", password="geheim-wachtwoord", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Redacteur"))

    page.goto(f"{demo_site}/admin/login/?next=/initiatieven/{SLUG}/")
    page.fill("#id_username", "voorbeeld")
    page.fill("#id_password", "geheim-wachtwoord")
    page.click("input[type=submit]")

    expect(page.locator(".preview-banner[role=status]")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(initiative.title)
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    assert not page_problems, "\n".join(page_problems)

    visitor = browser.new_context()
    response = visitor.new_page().goto(f"{demo_site}/initiatieven/{SLUG}/")
    assert response.status == 404
    visitor.close()
