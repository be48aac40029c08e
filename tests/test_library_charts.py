from dilemmakaart.charts import library_charts as lc
from dilemmakaart.charts.export import to_svg
from dilemmakaart.charts.palette import UNTAGGED
from dilemmakaart.insights import by_organisation_type, dilemma_stats, value_stats
from tests.libfixtures import make

A = make(
    "a",
    "Eerste",
    organisation_type="waterschap",
    values=[("privacy", 8, -5), ("veiligheid", 9, 5)],
    dilemmas=[("privacy", "veiligheid", -50)],
)
B = make(
    "b", "Tweede", organisation_type="gemeente", values=[("privacy", 4, 0)], dilemmas=[("veiligheid", "privacy", 20)]
)


def test_wheel_data_one_row_per_value_on_one_scale(code):
    data = lc.wheel_data(A, code, "nl")
    assert len(data) == 30
    row = data.set_index("value").loc["privacy"]
    assert (row["weight"], row["effect"], row["fill"]) == (8, -5, "#6A1B5A")  # plum: under pressure
    assert data.set_index("value").loc["autonomie", "fill"] == UNTAGGED
    spec = lc.comparison_wheels([A, B], code, "nl").to_dict()
    radius_scales = [
        layer["encoding"]["radius"]["scale"]["domain"]
        for panel in spec["vconcat"][0]["hconcat"]
        for layer in panel["layer"]
        if "radius" in layer.get("encoding", {})
    ]
    assert radius_scales == [[0, 10], [0, 10]]  # the same scale in every wheel


def test_heatmap_and_balances_data(code):
    heat = lc.heatmap_data([A, B], code, "nl")
    assert sorted(heat["value"].unique()) == ["privacy", "veiligheid"]
    assert heat[(heat.case_id == "b") & (heat.value == "veiligheid")]["weight"].isna().all()
    bal = lc.balances_data([A, B], code, "nl")
    assert list(bal["balance"]) == [-50, -20]  # b's veiligheid|privacy +20 turned to privacy|veiligheid
    for measure in ("weight", "effect"):
        assert "layer" in lc.comparison_heatmap([A, B], code, "en", measure).to_dict()


def test_insight_charts_render(code):
    stats = value_stats([A, B], code)
    data = lc.values_data(stats.values(), code, "nl")
    privacy = data[data.value == "privacy"].set_index("part")["cases"].to_dict()
    assert privacy == {"pressure": 1, "neutral": 1, "strengthened": 0}
    dist = lc.distribution_data(dilemma_stats([A, B], code), code, "nl")
    assert dist.set_index("bin")["cases"].to_dict() == {
        "a_clear": 1,
        "a_slight": 1,
        "equal": 0,
        "b_slight": 0,
        "b_clear": 0,
    }
    by_type = lc.by_type_data(by_organisation_type([A, B]), code, "nl")
    assert by_type[(by_type.value == "privacy")]["share"].tolist() == [1.0, 1.0]
    for chart in (
        lc.values_chart(stats.values(), code, "nl"),
        lc.distribution_chart(dilemma_stats([A, B], code), code, "nl"),
        lc.by_type_chart(by_organisation_type([A, B]), code, "nl"),
        lc.comparison_balances([A, B], code, "nl"),
    ):
        assert to_svg(chart).startswith("<svg")
