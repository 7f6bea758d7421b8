"""年终总评 forms: the evaluation's own fields (API and page) and the page's weight fields, one per component."""

from decimal import Decimal, InvalidOperation

from django import forms

from core.forms import StyledFormMixin
from orgs.models import Organisation

from .choices_annual import ComponentKind
from .models import Scheme

MAX_COMPONENTS = 20


class AnnualForm(StyledFormMixin, forms.Form):
    """The evaluation: the committee, the year, the scheme whose star thresholds apply, the title."""

    org = forms.ModelChoiceField(label="组织单位", queryset=Organisation.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    scheme = forms.ModelChoiceField(
        label="星级标准", queryset=Scheme.objects.none(), help_text="按该考核方案的星级标准评定年终星级"
    )
    title = forms.CharField(label="名称", max_length=100, required=False, help_text="不填则为“<年度>年度年终总评”")

    def __init__(self, *args, orgs=None, schemes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if orgs is not None:
            self.fields["org"].queryset = orgs
        if schemes is not None:
            self.fields["scheme"].queryset = schemes.select_related("org")
        self.fields["scheme"].label_from_instance = lambda s: f"{s}（{s.org.name}）"

    def clean(self):
        data = super().clean()
        org, scheme, year = data.get("org"), data.get("scheme"), data.get("year")
        if org is not None and scheme is not None and scheme.org_id != org.pk:
            self.add_error("scheme", f"请选择{org.name}制定的考核方案。")
        if year and not (data.get("title") or "").strip():
            data["title"] = f"{year}年度年终总评"
        else:
            data["title"] = (data.get("title") or "").strip()
        return data


def parse_weight(value, where):
    """A weight in percent (0 < w ≤ 100, two decimals at most) or a Chinese sentence (ValueError)."""
    if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"{where}请填写权重。")
    try:
        weight = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValueError(f"{where}的权重“{value}”不是数字。") from None
    if not weight.is_finite():
        raise ValueError(f"{where}的权重“{value}”不是数字。")
    if weight <= 0:
        raise ValueError(f"{where}的权重应大于0。")
    if weight > 100:
        raise ValueError(f"{where}的权重不能超过100%。")
    if weight != weight.quantize(Decimal("0.01")):
        raise ValueError(f"{where}的权重最多保留两位小数。")
    return weight.quantize(Decimal("0.01"))


def weight_field(label, initial=None):
    return forms.CharField(
        label=label,
        required=False,
        initial=initial,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "不计入", "class": "form-control"}),
    )


class AnnualPageForm(AnnualForm):
    """The page's form: the evaluation's fields, then a weight field per usable round, one for the points ranking
    and one for the projects; a blank weight leaves that component out. Gives the API's `components` list."""

    def __init__(self, *args, rounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rounds = list(rounds)
        self.round_fields = []
        for r in self.rounds:
            name = f"round_{r.pk}"
            self.fields[name] = weight_field(f"{r.title}（%）")
            self.round_fields.append(name)
        self.fields["points"] = weight_field("积分排名折合分（%）")
        self.fields["projects"] = weight_field("项目验收通过率（%）")

    @staticmethod
    def initial_for(evaluation, components):
        """The page's initial data from the stored evaluation (an edit page round-trips it unchanged)."""
        out = {"org": evaluation.org_id, "year": evaluation.year, "scheme": evaluation.scheme_id}
        out["title"] = evaluation.title
        for c in components:
            key = f"round_{c.round_id}" if c.kind == ComponentKind.ROUND else c.kind
            out[key] = f"{c.weight.normalize():f}"
        return out

    def components(self):
        """[{"kind", "round"?, "weight", "field"}] of the filled weights (the action validates them and names the
        field of each refusal, so the page shows it there)."""
        data = self.data
        out = []
        for r in self.rounds:
            value = (data.get(f"round_{r.pk}") or "").strip()
            if value:
                out.append({"kind": "round", "round": r.pk, "weight": value, "field": f"round_{r.pk}"})
        for kind in ("points", "projects"):
            value = (data.get(kind) or "").strip()
            if value:
                out.append({"kind": kind, "weight": value, "field": kind})
        return out


class AnnualEditPageForm(AnnualPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].disabled = True
