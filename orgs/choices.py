ORG_KINDS = [
    ("committee", "党委"),
    ("working_committee", "党工委/机关工委"),
    ("general_branch", "党总支"),
    ("branch", "党支部"),
    ("group", "党小组"),
]
ORG_KIND_LABELS = dict(ORG_KINDS)
# Which kinds may sit under which (a group only under a branch; branches under anything but a group).
ALLOWED_CHILDREN = {
    "committee": {"committee", "working_committee", "general_branch", "branch"},
    "working_committee": {"committee", "general_branch", "branch"},
    "general_branch": {"branch"},
    "branch": {"group"},
    "group": set(),
}
GENDERS = [("male", "男"), ("female", "女")]
CATEGORIES = [
    ("full", "正式党员"),
    ("probationary", "预备党员"),
    ("candidate", "发展对象"),
    ("activist", "入党积极分子"),
    ("applicant", "入党申请人"),
    ("mass", "群众"),
]
PARTY_CATEGORIES = {"full", "probationary"}
STATUSES = [("active", "在册"), ("transferred_out", "转出"), ("suspended", "停止党籍"), ("deceased", "去世")]
EDUCATIONS = [
    ("postgraduate", "研究生"),
    ("bachelor", "大学本科"),
    ("college", "大学专科"),
    ("secondary", "中专"),
    ("high_school", "高中"),
    ("junior", "初中及以下"),
]
POSITION_TITLES = [
    ("书记", "书记"),
    ("副书记", "副书记"),
    ("组织委员", "组织委员"),
    ("宣传委员", "宣传委员"),
    ("纪检委员", "纪检委员"),
    ("青年委员", "青年委员"),
    ("统战委员", "统战委员"),
    ("保密委员", "保密委员"),
    ("党小组长", "党小组长"),
]
ETHNICITIES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 "
    "傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 "
    "毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 "
    "独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()
