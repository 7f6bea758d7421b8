import pytest

from core.testing import ApiClient
from feedback import actions


@pytest.fixture
def public():
    """A client without login, from one address."""
    return ApiClient()


def submit(org, content="小区3号楼楼道灯坏了两周，老人晚上上下楼不安全。", address="192.0.2.10", **extra):
    return actions.submit_feedback(data={"org": org.pk, "content": content, **extra}, client_address=address)


@pytest.fixture
def item(world):
    return submit(world.branch_a, contact_name="王阿姨", phone="13963471258")


@pytest.fixture
def answered(item, branch_secretary):
    actions.transition_feedback(item, "accept", by=branch_secretary)
    item.refresh_from_db()
    return actions.transition_feedback(
        item, "answer", by=branch_secretary, data={"answer": "已协调物业更换。", "public": "on"}
    )
