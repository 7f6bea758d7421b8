"""Demo of 考核评星: each part builds its own (see the demo_<part>.py files)."""

from . import demo_annual, demo_appraisal, demo_awards, demo_mass, demo_results, demo_rounds, demo_schemes


def build(world):
    world["assessment_scheme"] = demo_schemes.build(world)  # schemes: the 67-item 六考一评 scheme of 2026
    rounds = demo_rounds.build(world)  # rounds: Q1–Q3 scored by two assessors and in review, Q4 in self-check
    published = demo_results.build(world, rounds)  # results: Q1–Q3 computed, through their 公示 and published
    demo_appraisal.build(world)  # appraisal: last year's 民主评议 closed, this year's in 党员互评, pledges
    demo_awards.build(world)  # awards: last year's 表彰 announced, this year's nominations under review
    demo_annual.build(world, published)  # annual: the 2026 年终总评 of Q1–Q3, points and projects, computed
    demo_mass.build(world)  # mass: Q3's 群众满意度测评 and 星级党支部群众评议 closed, 明星党员群众评议 open with codes
