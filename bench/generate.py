"""Synthetic records repository of a given size, for timing ``zhidu check``.

    python bench/generate.py OUT_DIR --members 3000 --years 5

Shape per year: monthly committee meetings, quarterly general assemblies and party lectures,
monthly group meetings for every group of ten members, half-yearly democratic life meetings, a yearly
democratic review, and a monthly dues ledger paid by everyone. Deterministic (seeded), so figures
from two runs compare.
"""

from __future__ import annotations

import argparse
import pathlib
import random
import shutil

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉"


def write(path: pathlib.Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(out: pathlib.Path, members: int, years: int, first_year: int = 2021) -> int:
    rng = random.Random(members * 1000 + years)
    if out.exists():
        shutil.rmtree(out)
    groups = max(1, members // 10)
    ids = [f"m{i:05d}" for i in range(members)]
    committee = ids[:5]
    roles = ["secretary", "deputy-secretary", "committee-member", "committee-member", "committee-member"]
    start = f"{first_year}-01-01"
    group_lines = "\n".join(f"  - {{id: g{g:04d}, name: 第{g + 1}党小组}}" for g in range(groups))
    write(out / "zhidu.yaml", f"name: 中共基准社区支部委员会\nupper: 中共基准街道工作委员会\n"
                              f"records_start: {start}\ngroups:\n{group_lines}\n")
    bases = {}
    for i, member_id in enumerate(ids):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        group = f"g{min(i // 10, groups - 1):04d}"
        base = rng.choice(["2800.00", "4200.00", "6500.00", "12000.00"])
        category = "retired" if rng.random() < 0.5 else "employed"
        bases[member_id] = (category, base)
        role = ""
        if member_id in committee:
            role = f"roles:\n  - {{role: {roles[committee.index(member_id)]}, from: {start}}}\n"
        elif i % 10 == 0:
            role = f"roles:\n  - {{role: group-leader, from: {start}, group: {group}}}\n"
        write(out / "members" / f"{member_id}.yaml",
              f"name: {name}\nphone: \"139{i:08d}\"\ngroup: {group}\n{role}"
              f"dues:\n  category: {category}\n  base:\n    - {{from: {first_year}-01, amount: \"{base}\"}}\n"
              f"history:\n  - {{date: 1990-07-01, event: full}}\n")

    def meeting(date: str, slug: str, types: str, attendees: list[str], chair: str, group: str | None = None) -> None:
        group_line = f"group: {group}\n" if group else ""
        write(out / "meetings" / date[:4] / f"{date}-{slug}.yaml",
              f"type: {types}\ndate: {date}\ntime: \"14:30\"\nplace: 党群服务中心\n{group_line}chair: {chair}\n"
              f"recorder: {committee[1]}\nattendees: [{', '.join(attendees)}]\n"
              f"agenda:\n  - {{title: 学习与工作部署, summary: 传达上级精神并部署本月工作。}}\n")

    from zhidu_cli.dues.standard import DuesStandard

    standard = DuesStandard.default()
    amounts = {mid: standard.assess(cat, __import__("decimal").Decimal(base)).amount for mid, (cat, base) in bases.items()}
    for year in range(first_year, first_year + years):
        for month in range(1, 13):
            day = f"{year}-{month:02d}-1{rng.randint(0, 9)}"
            meeting(day, "branch-committee", "branch-committee", committee, committee[0])
            for g in range(groups):
                members_of = ids[g * 10:(g + 1) * 10] if g < groups - 1 else ids[g * 10:]
                meeting(f"{year}-{month:02d}-2{g % 8}", f"group-g{g:04d}", "[theme-day, group-meeting, study, e-education]",
                        members_of, members_of[0], f"g{g:04d}")
            meeting(f"{year}-{month:02d}-05", "joint-meeting", "joint-meeting", committee, committee[0])
            if month % 3 == 0:
                meeting(f"{year}-{month:02d}-08", "general-assembly", "[general-assembly, party-lecture]",
                        ids, committee[0])
            payments = "\n".join(f"  - {{member: {mid}, amount: \"{amounts[mid]}\", paid_on: {year}-{month:02d}-1{rng.randint(0, 9)}}}"
                                 for mid in ids)
            published = f"{year + (month == 12)}-{month % 12 + 1:02d}-05"
            write(out / "dues" / f"{year}-{month:02d}.yaml",
                  f"month: {year}-{month:02d}\npublished: {published}\npayments:\n{payments}\n")
        meeting(f"{year}-06-28", "democratic-life", "democratic-life", committee, committee[0])
        meeting(f"{year}-12-28", "democratic-life", "democratic-life", committee, committee[0])
        meeting(f"{year}-12-18", "democratic-review", "democratic-review", ids, committee[0])
    return sum(1 for _ in out.rglob("*.yaml"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    files = generate(args.out, args.members, args.years)
    print(f"{args.out}: {args.members} members × {args.years} years, {files} files")


if __name__ == "__main__":
    main()
