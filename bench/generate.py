"""Synthetic records repository of a given size, for timing ``zhidu check``.

    python bench/generate.py OUT_DIR --members 3000 --years 5
    python bench/generate.py OUT_DIR --branches 40 --members 250 --years 3   # a street workspace

The records are meant to be *mostly clean* under the default profile, the way a well-kept branch is, so
that a timing measures the rules' work rather than the formatting of thousands of findings. Shape per
year (the years end with 2025, so ``--as-of 2025-12-31`` sees every period closed):

* monthly: committee meeting, two-committee joint meeting (with the residents' committee), and per
  group of ten members a 主题党日 that is also the group meeting, the study activity and the e-education
  viewing, chaired by the group leader; a dues ledger paid by everyone and published the next month;
* quarterly: general assembly with a party lecture (a few members absent, with reasons), community work
  joint meeting (counted by headcount), service-commitment publicity;
* half-yearly: democratic life meeting of the committee (topic agreed, notice given, minutes reported),
  heart-to-heart talks, service-commitment review (at the June and December assemblies);
* yearly: the January organizational life meeting with the democratic review (every member graded
  with a written self-assessment, the upper organization's representative present, the summary
  reported), the service-commitment assessment (December assembly) and the "four reports, one review"
  year-end review in December (results published with the secretary's sign-off and filed with the
  street within the week).

Clean means clean: ``zhidu check --as-of 2025-12-31`` finds nothing (``bench/run.py`` prints each
size's summary line, and ``tests/test_bench.py`` checks a small size).

Deterministic (seeded by size), so figures from two runs compare.
"""

from __future__ import annotations

import argparse
import decimal
import pathlib
import random
import shutil

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉"
REASONS = ("身体不适，已请假", "外出办事", "单位加班", "在家照看孙辈", "到医院复查")
LAST_YEAR = 2025
GROUP_SIZE = 10
COMMITTEE_ROLES = ("secretary", "deputy-secretary", "committee-member", "committee-member", "committee-member")


def write(path: pathlib.Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def flow(items: list[str]) -> str:
    return f"[{', '.join(items)}]"


class Generator:
    """Writes one repository; one method per kind of record, so each meeting type's shape is in one place."""

    def __init__(self, out: pathlib.Path, members: int, years: int, *, name: str = "中共基准社区支部委员会",
                 upper: str = "中共基准街道工作委员会", extra_config: str = "", seed: int = 0) -> None:
        self.out = out
        self.name = name
        self.upper = upper
        self.extra_config = extra_config
        self.rng = random.Random(members * 1000 + years + seed * 7919)
        self.first_year = LAST_YEAR - years + 1
        self.ids = [f"m{i:05d}" for i in range(members)]
        self.committee = self.ids[:5]
        self.secretary, self.deputy, self.organizer = self.committee[0], self.committee[1], self.committee[2]
        groups = max(1, members // GROUP_SIZE)
        # the last group takes the remainder
        self.groups = [(f"g{g:04d}", self.ids[g * GROUP_SIZE:(g + 1) * GROUP_SIZE if g < groups - 1 else None])
                       for g in range(groups)]
        # each group's leader is its first member not on the committee (the committee has its own work)
        self.leaders = {gid: next((m for m in who if m not in self.committee), who[0]) for gid, who in self.groups}

    # --- people ---------------------------------------------------------------------------------------

    def config(self) -> None:
        start = f"{self.first_year}-01-01"
        groups = "\n".join(f"  - {{id: {gid}, name: 第{n + 1}党小组}}" for n, (gid, _) in enumerate(self.groups))
        write(self.out / "zhidu.yaml",
              f"name: {self.name}\nupper: {self.upper}\nrecords_start: {start}\n"
              f"groups:\n{groups}\n"
              f"residents_committee:\n"
              f"  - {{name: 居委甲, member: {self.secretary}, role: 居委会主任, from: {start}}}\n"
              f"  - {{name: 刘晓雯, role: 居委会委员, from: {start}, phone: \"13765031284\"}}\n"
              f"  - {{name: 周敏, role: 居委会委员, from: {start}, phone: \"15885120637\"}}\n" + self.extra_config)

    def members(self) -> dict[str, decimal.Decimal]:
        """Write every member; return each one's monthly dues."""
        from zhidu_cli.dues.standard import DuesStandard

        standard = DuesStandard.default()
        start = f"{self.first_year}-01-01"
        group_of = {mid: gid for gid, who in self.groups for mid in who}
        amounts = {}
        for i, member_id in enumerate(self.ids):
            rng = self.rng
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            group = group_of[member_id]
            base = rng.choice(["2800.00", "4200.00", "6500.00", "12000.00"])
            category = "retired" if rng.random() < 0.5 else "employed"
            amounts[member_id] = standard.assess(category, decimal.Decimal(base)).amount
            role = ""
            if member_id in self.committee:
                role = f"roles:\n  - {{role: {COMMITTEE_ROLES[self.committee.index(member_id)]}, from: {start}}}\n"
            elif self.leaders[group] == member_id:
                role = f"roles:\n  - {{role: group-leader, from: {start}, group: {group}}}\n"
            write(self.out / "members" / f"{member_id}.yaml",
                  f"name: {name}\nphone: \"139{i:08d}\"\ngroup: {group}\n{role}"
                  f"dues:\n  category: {category}\n  base:\n    - {{from: {self.first_year}-01, amount: \"{base}\"}}\n"
                  f"history:\n  - {{date: 1990-07-01, event: full}}\n")
        return amounts

    # --- meetings -------------------------------------------------------------------------------------

    def meeting(self, date: str, slug: str, types: list[str], chair: str, attendees: list[str], extra: str = "",
                recorder: str | None = None, title: str = "学习与工作部署") -> None:
        type_text = types[0] if len(types) == 1 else flow(types)
        write(self.out / "meetings" / date[:4] / f"{date}-{slug}.yaml",
              f"type: {type_text}\ndate: {date}\ntime: \"14:30\"\nplace: 党群服务中心\nchair: {chair}\n"
              f"recorder: {recorder or self.deputy}\nattendees: {flow(attendees)}\n{extra}"
              f"agenda:\n  - {{title: {title}, summary: 传达上级精神并部署工作。}}\n")

    def absentees(self) -> set[str]:
        """About one member in twenty misses an assembly (never the committee, who run it)."""
        return {m for m in self.ids[5:] if self.rng.random() < 0.05}

    def assembly(self, date: str, slug: str, types: list[str], absent: set[str], extra: str = "") -> None:
        """A meeting of every member; each absentee with a reason."""
        reasons = "".join(f"  - {{member: {m}, reason: {self.rng.choice(REASONS)}}}\n" for m in sorted(absent))
        self.meeting(date, slug, types, self.secretary, [m for m in self.ids if m not in absent],
                     (f"absent:\n{reasons}" if absent else "") + extra)

    def month(self, year: int, month: int) -> None:
        ym = f"{year}-{month:02d}"
        self.meeting(f"{ym}-0{self.rng.randint(3, 7)}", "branch-committee", ["branch-committee"],
                     self.secretary, self.committee)
        self.meeting(f"{ym}-12", "joint-meeting", ["joint-meeting"], self.secretary, self.committee,
                     "non_party_present: [刘晓雯, 周敏]\n")
        for g, (gid, who) in enumerate(self.groups):
            leader = self.leaders[gid]
            recorder = next(m for m in who if m != leader) if len(who) > 1 else leader
            self.meeting(f"{ym}-2{g % 8}", f"group-{gid}", ["theme-day", "group-meeting", "study", "e-education"],
                         leader, who, f"group: {gid}\n", recorder=recorder)

    def quarter(self, year: int, quarter: int) -> None:
        last = quarter * 3
        ym = f"{year}-{last:02d}"
        commitment = {2: ["commitment-review"], 4: ["commitment-review", "commitment-assessment"]}.get(quarter, [])
        self.assembly(f"{ym}-08", "general-assembly", ["general-assembly", "party-lecture", *commitment],
                      self.absentees())
        self.meeting(f"{ym}-15", "community-joint-meeting", ["community-joint-meeting"], self.secretary,
                     self.committee, "guests: [社区民警, 供电所客户经理, 社区卫生服务中心代表]\n"
                                     "headcount: {expected: 20, present: 17}\n", title="共驻共建项目")
        self.meeting(f"{ym}-18", "commitment-publicity", ["commitment-publicity"], self.deputy,
                     [self.deputy, self.organizer], f"notice: {{date: {ym}-18, channel: 党务公开栏}}\n",
                     recorder=self.organizer, title="公示践诺情况")

    def half(self, year: int, half: int) -> None:
        month = 5 if half == 1 else 11
        ym = f"{year}-{month:02d}"
        self.meeting(f"{ym}-06", "heart-to-heart", ["heart-to-heart"], self.secretary, self.committee,
                     title="班子成员谈心谈话")
        self.meeting(f"{ym}-26", "democratic-life", ["democratic-life"], self.secretary, self.committee,
                     f"topic_agreed: {{date: {ym}-10, to: 中共基准街道工作委员会}}\n"
                     f"notice: {{date: {ym}-16, channel: 书面通知}}\n"
                     f"reported: {{date: {year}-{month + 1:02d}-03, to: 中共基准街道工作委员会, note: 会议记录和整改清单}}\n",
                     title="对照检查，开展批评和自我批评")

    def year(self, year: int) -> None:
        absent = self.absentees()      # they take part in writing (书面参加), so every member is graded
        grades = "".join(f"  - {{member: {m}, grade: {'优秀' if self.rng.random() < 0.15 else '合格'}"
                         f"{', written: true' if m in absent else ''}, self_assessment: true}}\n" for m in self.ids)
        self.assembly(f"{year}-01-16", "democratic-review", ["general-assembly", "organizational-life",
                                                              "democratic-review"], absent,
                      f"upper_representative: 街道党工委组织委员\nreviews:\n{grades}"
                      f"reported: {{date: {year}-01-28, to: 中共基准街道工作委员会, note: 评议结果、工作小结及整改措施}}\n")
        self.meeting(f"{year}-12-10", "year-end-review", ["year-end-review", "review-meeting"], self.deputy,
                     self.committee, "headcount: {expected: 50, present: 46}\n"
                                     f"result_published: {{date: {year}-12-15, channel: 居务公开栏, approved_by: {self.secretary}}}\n"
                                     f"reported: {{date: {year}-12-16, to: 中共基准街道工作委员会}}\n",
                     title="四报告一评议")

    def ledger(self, year: int, month: int, amounts: dict[str, decimal.Decimal]) -> None:
        ym = f"{year}-{month:02d}"
        payments = "\n".join(f"  - {{member: {m}, amount: \"{amounts[m]}\", paid_on: {ym}-1{self.rng.randint(0, 9)}}}"
                             for m in self.ids)
        # published early the next month; the final month on its last day, so nothing lies after 2025-12-31
        published = f"{year}-12-30" if (year, month) == (LAST_YEAR, 12) else \
            f"{year + (month == 12)}-{month % 12 + 1:02d}-05"
        remittance = ""
        if month % 3 == 0:      # the quarter's dues go to the upper organization at the quarter's end
            quarter = sum(amounts.values(), decimal.Decimal("0.00")) * 3
            remittance = f"remittance: {{date: {ym}-28, amount: \"{quarter}\", to: {self.upper}}}\n"
        write(self.out / "dues" / f"{ym}.yaml",
              f"month: {ym}\npublished: {published}\npayments:\n{payments}\n{remittance}")

    def run(self, *, clear: bool = True) -> int:
        if clear and self.out.exists():
            shutil.rmtree(self.out)
        self.config()
        amounts = self.members()
        for year in range(self.first_year, LAST_YEAR + 1):
            self.year(year)
            for half in (1, 2):
                self.half(year, half)
            for quarter in range(1, 5):
                self.quarter(year, quarter)
            for month in range(1, 13):
                self.month(year, month)
                self.ledger(year, month, amounts)
        return sum(1 for _ in self.out.rglob("*.yaml"))


def generate(out: pathlib.Path, members: int, years: int) -> int:
    """Write a repository of ``members`` members over the ``years`` years ending 2025; return its file count."""
    return Generator(out, members, years).run()


def generate_workspace(out: pathlib.Path, branches: int, members: int, years: int, *, street_members: int = 7) -> int:
    """A street workspace: the street committee's own records (``extends: street-committee``) at ``out``
    and ``branches`` branches of ``members`` members each under ``out/branches/bNN``, each its own
    repository with its own name. Returns the file count."""
    if out.exists():
        shutil.rmtree(out)
    ids = [f"b{n:02d}" for n in range(1, branches + 1)]
    listing = "".join(f"  - {{id: {branch_id}, path: branches/{branch_id}}}\n" for branch_id in ids)
    Generator(out, street_members, years, name="中共基准街道工作委员会", upper="中共基准区委员会",
              extra_config=f"extends: street-committee\nbranches:\n{listing}").run()
    for n, branch_id in enumerate(ids, 1):
        Generator(out / "branches" / branch_id, members, years, name=f"中共基准第{n}社区支部委员会", seed=n).run()
    return sum(1 for _ in out.rglob("*.yaml"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--branches", type=int, default=0, help="write a street workspace of this many branches")
    args = parser.parse_args()
    if args.branches:
        files = generate_workspace(args.out, args.branches, args.members, args.years)
        print(f"{args.out}: {args.branches} branches × {args.members} members × {args.years} years, {files} files")
        return
    files = generate(args.out, args.members, args.years)
    print(f"{args.out}: {args.members} members × {args.years} years, {files} files")


if __name__ == "__main__":
    main()
