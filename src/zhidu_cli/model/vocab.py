"""The closed vocabularies of the records: English ids for code and YAML, Chinese names for people.

Each term is ``(id, 中文, (other accepted names…))``. Records may use either the id or any Chinese name.
"""

from zhidu_cli.model.fields import Vocabulary

MEETING_TYPES = Vocabulary("meeting-type", (
    ("branch-committee", "支委会", ("支部委员会", "支部委员会会议")),
    ("general-assembly", "支部党员大会", ("党员大会",)),
    ("group-meeting", "党小组会", ("党小组会议",)),
    ("party-lecture", "党课", ("上党课",)),
    ("democratic-life", "民主生活会", ()),
    ("organizational-life", "组织生活会", ()),
    ("democratic-review", "民主评议党员", ("民主评议",)),
    ("joint-meeting", "两委联席会议", ("两委联席会", "联席会议")),
    ("e-education", "远程教育收看", ("远程教育", "党员电教", "电化教育")),
    ("community-joint-meeting", "社区工作联席会", ("社区工作联席会议",)),
    ("study", "学习活动", ("党员学习", "集中学习")),
    ("year-end-review", "四报一评议", ("年终述职评议",)),
    ("heart-to-heart", "谈心谈话", ("谈心谈话会",)),
    ("party-spirit-analysis", "党性分析", ("党性分析评议",)),
    ("commitment-publicity", "承诺公示", ()),
    ("commitment-review", "承诺评议", ()),
    ("commitment-assessment", "承诺考核", ()),
    ("hearing", "听证会", ()),
    ("deliberation", "议事会", ("居民议事会",)),
    ("review-meeting", "评议会", ("居民评议会",)),
    ("theme-day", "主题党日", ("主题党日活动",)),
    ("trade-union-committee", "工会委员会", ()),
    ("trade-union-congress", "工会会员代表大会", ("职代会",)),
    ("womens-committee", "妇联执委会", ("妇女联合会执委会",)),
    ("womens-congress", "妇女代表大会", ()),
    ("governance-meeting", "综治工作会议", ("综治例会",)),
    ("other", "其他会议", ()),
))

EVENTS = Vocabulary("event", (
    ("applied", "递交入党申请书", ("申请入党",)),
    ("talked", "谈话", ("入党谈话",)),
    ("activist", "确定为入党积极分子", ("入党积极分子",)),
    ("assessed", "积极分子考察", ("考察",)),
    ("development-target", "确定为发展对象", ("发展对象",)),
    ("trained", "集中培训", ("短期集中培训",)),
    ("admitted", "支部大会接收为预备党员", ("接收预备党员",)),
    ("approved", "上级党委审批", ("审批",)),
    ("full", "转为正式党员", ("转正", "正式党员")),
    ("extended", "延长预备期", ()),
    ("away", "外出", ("外出流动",)),
    ("returned", "返回", ("返回居住地",)),
    ("reported", "流动党员汇报", ("汇报",)),
    ("card-audited", "流动党员活动证审验", ("活动证审验",)),
    ("transferred-in", "组织关系转入", ("转入",)),
    ("transferred-out", "组织关系转出", ("转出",)),
    ("lapsed", "自行脱党除名", ("自行脱党",)),
    ("expelled", "开除党籍", ()),
    ("withdrew", "退党", ("劝退",)),
    ("deceased", "去世", ("逝世",)),
    ("dues-deferred", "暂缓交纳党费", ("党费缓交", "缓交党费")),   # a recorded reason (正当理由): date … until
))

ROLES = Vocabulary("role", (
    ("secretary", "书记", ("支部书记",)),
    ("deputy-secretary", "副书记", ()),
    ("committee-member", "支部委员", ("委员",)),
    ("group-leader", "党小组长", ("组长",)),
    ("residents-committee", "居委会委员", ("居委会成员",)),
    ("residents-director", "居委会主任", ()),
))

DECISION_KINDS = Vocabulary("decision-kind", (
    ("general", "一般事项", ()),
    ("admission", "接收预备党员", ("发展党员",)),
    ("conversion", "预备党员转正", ("转正",)),
    ("extension", "延长预备期", ()),
    ("development-target", "确定发展对象", ()),
    ("activist", "确定入党积极分子", ()),
    ("cadre", "干部任免", ()),
    ("finance", "财务", ()),
    ("discipline", "纪律处分", ()),
    ("commitment", "服务承诺", ()),
    ("dues-waiver", "党费减免", ()),
    ("lapse", "自行脱党处理", ()),
    ("review-measure", "评议处置", ()),
))

DECISION_STATUSES = Vocabulary("decision-status", (
    ("adopted", "通过", ()),
    ("rejected", "未通过", ("否决",)),
    ("deferred", "暂缓", ("缓议",)),
    ("pending", "待定", ()),
))

DUES_CATEGORIES = Vocabulary("dues-category", (
    ("employed", "在职", ("在职党员", "工资收入")),
    ("retired", "离退休", ("退休",)),
    ("farmer", "农民", ()),
    ("student", "学生", ()),
    ("unemployed", "下岗失业", ("失业",)),
    ("relief", "低保", ("领取最低生活保障",)),
    ("hardship", "困难", ("生活困难",)),
))

# the standing a transferred-in member arrives with: a typo must not silently make them a full member
TRANSFER_STATUSES = Vocabulary("transfer-status", (
    ("full", "正式党员", ("正式",)),
    ("probationary", "预备党员", ("预备",)),
))

GRADES = Vocabulary("grade", (
    ("excellent", "优秀", ()),
    ("qualified", "合格", ()),
    ("basically-qualified", "基本合格", ()),
    ("unqualified", "不合格", ()),
))

CERTIFICATES = Vocabulary("certificate", (
    ("letter", "党员证明信", ("证明信",)),
    ("card", "流动党员活动证", ("活动证",)),
    ("transfer", "组织关系介绍信", ("介绍信",)),
    ("none", "无", ()),
))

TRAINING_KINDS = Vocabulary("training", (
    ("collective", "党员集中教育", ("集中教育",)),
    ("community-worker", "社区工作者培训", ()),
    ("party-school", "党校轮训", ("县委党校轮训",)),
    ("pre-office", "任前培训", ()),
))

GENDERS = Vocabulary("gender", (("male", "男", ()), ("female", "女", ())))

# 党内统计的职业分类（党员花名册、年报）: occupation is free text, its category one of these
OCCUPATIONS = Vocabulary("occupation-category", (
    ("worker", "工人", ("工勤技能人员", "工人（工勤技能人员）")),
    ("farmer", "农牧渔民", ("农民",)),
    ("professional", "专业技术人员", ("企事业单位专业技术人员",)),
    ("manager", "管理人员", ("企事业单位管理人员", "企业管理人员")),
    ("official", "党政机关工作人员", ("机关工作人员",)),
    ("student", "学生", ()),
    ("retired", "离退休人员", ("离退休", "退休人员", "退休")),
    ("other", "其他职业人员", ("其他",)),
))
