"""Predicates of the results verbs (assessments/rules.py, section results). The objects are a round, its
publicity or one of its objections; the committee is the organisation of the round's scheme."""

import rules

from accounts import scope


def results_round_of(obj):
    """The round of a results object: a round, its publicity, or an objection to it."""
    if obj is None:
        return None
    if hasattr(obj, "publicity_id"):  # an objection
        obj = obj.publicity
    return obj.round if hasattr(obj, "round_id") else obj


@rules.predicate
def results_not_system(user):
    """Not a system account: the three system roles hold no business rights (三员分立)."""
    return not scope.is_system_user(user)


@rules.predicate
def manages_results(user, obj):
    """党务管理员 of the committee whose scheme the round uses (or of a body above it)."""
    round_ = results_round_of(obj)
    if round_ is None:
        return False
    path = round_.scheme.org.path
    return any(path.startswith(p) for p in scope.admin_paths(user))


@rules.predicate
def administers_a_target(user, obj):
    """党务管理员 of one of the round's target organisations (or of a unit above it, below the committee)."""
    round_ = results_round_of(obj)
    if round_ is None:
        return False
    top = round_.scheme.org.path
    paths = [p for p in scope.admin_paths(user) if len(p) > len(top) and p.startswith(top)]
    return bool(paths) and any(t.path.startswith(p) for t in round_.targets.all() for p in paths)
