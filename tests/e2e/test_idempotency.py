"""Double submission in a real browser: the person form saves once (core/idempotency.py, static/js/app.js)."""

from orgs.models import Person


def _fill_person(page, world, name):
    page.goto(page.base + "/people/new/")
    page.fill("input[name=name]", name)
    page.select_option("select[name=gender]", "female")
    page.fill("input[name=joined_on]", "2015-07-01")
    page.select_option("select[name=org]", str(world.branch_a.id))


def test_a_second_submission_while_the_first_is_on_its_way_is_not_sent(e2e_world, page, login):
    login("secretary_a")
    _fill_person(page, e2e_world, "孙丽")
    # Listen after the page's own guard: note whether it cancelled each submission, then hold the page here.
    page.evaluate(
        """() => { window.seen = []; document.addEventListener("submit", e => {
             window.seen.push(e.defaultPrevented); e.preventDefault(); }); }"""
    )
    form = page.locator("form:has(input[name=idempotency_key])")
    form.evaluate("form => { form.requestSubmit(); form.requestSubmit(); }")  # an impatient double click
    assert page.evaluate("window.seen") == [False, True]
    assert page.locator("button:has-text('保存')").get_attribute("aria-busy") == "true"
    assert not Person.objects.filter(name="孙丽").exists()


def test_sending_a_form_again_with_its_key_lands_on_the_first_result(e2e_world, page, login):
    login("secretary_a")
    _fill_person(page, e2e_world, "孙丽")
    key = page.locator("input[name=idempotency_key]").input_value()
    page.click("button:has-text('保存')")
    page.wait_for_url("**/people/*/")
    first = page.url
    # The same filled form sent once more (as a resubmitted or restored page would send it).
    _fill_person(page, e2e_world, "孙丽")
    page.locator("input[name=idempotency_key]").evaluate("(el, key) => { el.value = key; }", key)
    page.click("button:has-text('保存')")
    page.locator("text=该表单已提交过，未重复保存。").wait_for()
    assert page.url == first
    assert Person.objects.filter(name="孙丽").count() == 1
