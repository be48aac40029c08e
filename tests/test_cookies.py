"""The cookie script: a value can never end the script early, and the cookie is this site's only."""

from streamlit.testing.v1 import AppTest


def _page():
    from dilemmakaart.ui.cookies import set_cookie

    set_cookie("dk_test", "a</script><img src=x onerror=alert(1)>", 60)


def test_a_value_cannot_end_the_script():
    at = AppTest.from_function(_page).run()
    body = " ".join(h.proto.body for h in at.get("html"))
    assert body.count("</script>") == 1 and "<\\/script><img" in body
    assert "SameSite=Strict" in body and "max-age=60" in body
