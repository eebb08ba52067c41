"""Demo content that `manage.py load_demo` loads: the Maker2 announcement, filled out.

The facts come from the announcement: Maker2 is the joint innovation-service platform of
Beijing Makerspace (a maker lab housing about 300 innovators) and People Squared (Shanghai's
largest co-working space); together they offer 150,000 m² of shared working space across
Beijing, Shanghai and five more large cities, plus incubation and funding services; the
projects they serve have raised 4 billion yuan (614 million US dollars); China has
40,000–50,000 makers.

Everything else is sample data: the five planned cities, every space (names, addresses,
coordinates, areas, hours, plans, links), every maker, project, funding round and investor.
Descriptions of sample rows end with "(Sample data.)" / "（示例数据）". The numbers are chosen
so that the totals match the announcement exactly: published Maker2 spaces add up to
150,000 m², Beijing Makerspace's spaces to 300 resident makers, and the funding rounds to
4,000,000,000 yuan = 614,000,000 US dollars.
"""

from datetime import date, time
from decimal import Decimal

from maker2.models import LinkKind
from members.models import FundingRound, Maker, Membership, Project
from spaces.models import City, MembershipPlan, Network, Space

SAMPLE_EN = "(Sample data.)"
SAMPLE_ZH = "（示例数据）"

# A sample rate, chosen so that 4,000,000,000 yuan is exactly 614,000,000 US dollars as the
# announcement says; real rounds would carry the rate of their own date.
USD_PER_CNY = Decimal("0.1535")

NETWORKS = [
    {
        "slug": "maker2",
        "name_en": "Maker2",
        "name_zh": "Maker2 创客平台",
        "kind": Network.Kind.ALLIANCE,
        "parent": None,
        "description_en": (
            "The joint innovation-service platform of Beijing Makerspace and People Squared. "
            "Together they offer 150,000 m² of shared working space across Beijing, Shanghai "
            "and five more large cities, plus incubation and funding services; the projects "
            "they serve have raised 4 billion yuan (614 million US dollars). China has "
            "40,000–50,000 makers."
        ),
        "description_zh": (
            "北京创客空间与人方空间联合打造的创新服务平台。双方在北京、上海及另外五座"
            "大城市提供共计 15 万平方米的共享办公空间，并提供孵化与融资服务；所服务的项目已累计"
            "融资 40 亿元人民币（6.14 亿美元）。中国目前约有 4 万至 5 万名创客。"
        ),
        "website": "https://maker2.example.com/",
    },
    {
        "slug": "beijing-makerspace",
        "name_en": "Beijing Makerspace",
        "name_zh": "北京创客空间",
        "kind": Network.Kind.OPERATOR,
        "parent": "maker2",
        "description_en": "A maker lab in Beijing housing about 300 innovators; part of Maker2.",
        "description_zh": "位于北京的创客实验室，容纳约 300 名创新者；Maker2 成员。",
        "website": "https://beijing-makerspace.example.com/",
    },
    {
        "slug": "people-squared",
        "name_en": "People Squared",
        # Sample translation: the operator's own Chinese name is not in the announcement.
        "name_zh": "人方空间",
        "kind": Network.Kind.OPERATOR,
        "parent": "maker2",
        "description_en": "Shanghai's largest co-working space; part of Maker2.",
        "description_zh": "上海最大的联合办公空间；Maker2 成员。",
        "website": "https://people-squared.example.com/",
    },
]

CHINA_TIME = "Asia/Shanghai"
# Beijing and Shanghai are in the announcement; the five planned cities are a sample choice.
CITIES = [
    {
        "slug": "beijing",
        "name_en": "Beijing",
        "name_zh": "北京",
        "province_en": "Beijing",
        "province_zh": "北京市",
        "latitude": Decimal("39.904200"),
        "longitude": Decimal("116.407400"),
        "country": "CN",
        "timezone": CHINA_TIME,
        "status": City.Status.ACTIVE,
    },
    {
        "slug": "shanghai",
        "name_en": "Shanghai",
        "name_zh": "上海",
        "province_en": "Shanghai",
        "province_zh": "上海市",
        "latitude": Decimal("31.230400"),
        "longitude": Decimal("121.473700"),
        "country": "CN",
        "timezone": CHINA_TIME,
        "status": City.Status.ACTIVE,
    },
    {
        "slug": "shenzhen",
        "name_en": "Shenzhen",
        "name_zh": "深圳",
        "province_en": "Guangdong",
        "province_zh": "广东省",
        "latitude": Decimal("22.543100"),
        "longitude": Decimal("114.057900"),
        "country": "CN",
        "timezone": CHINA_TIME,
        "status": City.Status.PLANNED,
    },
    {
        "slug": "hangzhou",
        "name_en": "Hangzhou",
        "name_zh": "杭州",
        "province_en": "Zhejiang",
        "province_zh": "浙江省",
        "latitude": Decimal("30.274100"),
        "longitude": Decimal("120.155100"),
        "country": "CN",
        "timezone": CHINA_TIME,
        "status": City.Status.PLANNED,
    },
    {
        "slug": "chengdu",
        "name_en": "Chengdu",
        "name_zh": "成都",
        "province_en": "Sichuan",
        "province_zh": "四川省",
        "latitude": Decimal("30.572800"),
        "longitude": Decimal("104.066800"),
        "country": "CN",
        "timezone": CHINA_TIME,
        "status": City.Status.PLANNED,
    },
    {
        "slug": "wuhan",
        "name_en": "Wuhan",
        "name_zh": "武汉",
        "province_en": "Hubei",
        "province_zh": "湖北省",
        "latitude": Decimal("30.592800"),
        "longitude": Decimal("114.305500"),
        "country": "CN",
        "timezone": CHINA_TIME,
        "status": City.Status.PLANNED,
    },
    {
        "slug": "xian",
        "name_en": "Xi'an",
        "name_zh": "西安",
        "province_en": "Shaanxi",
        "province_zh": "陕西省",
        "latitude": Decimal("34.341600"),
        "longitude": Decimal("108.939800"),
        "country": "CN",
        "timezone": CHINA_TIME,
        "status": City.Status.PLANNED,
    },
]

# (slug, English, Chinese), in the order editors see them.
SERVICES = [
    ("incubation", "Incubation", "孵化"),
    ("funding", "Funding", "融资对接"),
    ("shared-office", "Shared office", "共享办公"),
    ("mentoring", "Mentoring", "创业导师"),
    ("prototyping", "Prototyping", "原型制作"),
    ("events", "Events", "活动"),
    ("training", "Workshops and training", "技能培训"),
    ("legal", "Legal advice", "法律咨询"),
    ("accounting", "Accounting and tax", "财税服务"),
    ("supply-chain", "Supply-chain sourcing", "供应链对接"),
]

EQUIPMENT = [
    ("3d-printers", "3D printers", "3D 打印机"),
    ("laser-cutter", "Laser cutter", "激光切割机"),
    ("cnc", "CNC mill", "数控铣床"),
    ("electronics-lab", "Electronics lab", "电子实验室"),
    ("pcb-mill", "PCB mill", "电路板雕刻机"),
    ("robotics", "Robotics lab", "机器人实验室"),
    ("woodshop", "Woodshop", "木工坊"),
    ("textile", "Textile studio", "纺织工作室"),
    ("vinyl-cutter", "Vinyl cutter", "刻字机"),
]

# Opening hours: (weekdays, opens, closes). A period that closes at or before it opens runs
# past midnight; 00:00–00:00 is around the clock.
WEEKDAYS = (0, 1, 2, 3, 4)
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)
AROUND_THE_CLOCK = [(EVERY_DAY, time(0), time(0))]
OFFICE_HOURS = [(WEEKDAYS, time(9), time(18))]

# Membership plans (sample prices in yuan); a space lists some of them, in its own order.
HOURLY_PASS = {
    "name_en": "Hourly pass",
    "name_zh": "小时票",
    "period": MembershipPlan.Period.HOUR,
    "price": Decimal("15.00"),
    "includes_en": f"A seat in the open area and Wi-Fi. {SAMPLE_EN}",
    "includes_zh": f"开放区座位与无线网络。{SAMPLE_ZH}",
}
DAY_PASS = {
    "name_en": "Day pass",
    "name_zh": "日票",
    "period": MembershipPlan.Period.DAY,
    "price": Decimal("120.00"),
    "includes_en": f"Any free desk, Wi-Fi, coffee and printing. {SAMPLE_EN}",
    "includes_zh": f"任意空闲工位、无线网络、咖啡与打印。{SAMPLE_ZH}",
}
HOT_DESK = {
    "name_en": "Hot desk",
    "name_zh": "流动工位",
    "period": MembershipPlan.Period.MONTH,
    "price": Decimal("1200.00"),
    "includes_en": f"Any free desk, meeting rooms 4 hours a month, events. {SAMPLE_EN}",
    "includes_zh": f"任意空闲工位、每月 4 小时会议室、社区活动。{SAMPLE_ZH}",
}
FIXED_DESK = {
    "name_en": "Fixed desk",
    "name_zh": "固定工位",
    "period": MembershipPlan.Period.MONTH,
    "price": Decimal("2000.00"),
    "includes_en": f"Your own desk and locker, around-the-clock access. {SAMPLE_EN}",
    "includes_zh": f"专属工位与储物柜，全天候出入。{SAMPLE_ZH}",
}
PRIVATE_OFFICE = {
    "name_en": "Private office (4 seats)",
    "name_zh": "独立办公室（4 人）",
    "period": MembershipPlan.Period.MONTH,
    "price": Decimal("9600.00"),
    "includes_en": f"A lockable office for a team of four, company registration. {SAMPLE_EN}",
    "includes_zh": f"可上锁的四人独立办公室，可作公司注册地址。{SAMPLE_ZH}",
}
MAKER_YEAR = {
    "name_en": "Maker membership",
    "name_zh": "创客年卡",
    "period": MembershipPlan.Period.YEAR,
    "price": Decimal("3600.00"),
    "includes_en": f"Workshop access, equipment training and materials at cost. {SAMPLE_EN}",
    "includes_zh": f"工坊使用、设备培训，材料按成本价提供。{SAMPLE_ZH}",
}
INCUBATION_YEAR = {
    "name_en": "Incubation programme",
    "name_zh": "孵化计划",
    "period": MembershipPlan.Period.YEAR,
    "price": Decimal("30000.00"),
    "includes_en": f"Team office, mentors, investor days and legal help. {SAMPLE_EN}",
    "includes_zh": f"团队办公室、创业导师、投资人路演日与法律支持。{SAMPLE_ZH}",
}

# Photos each space gets: (caption in English, caption in Chinese), one per position.
PHOTOS = [
    ("Main floor (sample image)", "主场地（示例图片）"),
    ("Workshop (sample image)", "工作区（示例图片）"),
]

# Published Maker2 spaces: floor areas add up to exactly 150,000 m² (20,000 in Beijing,
# 130,000 in Shanghai); Beijing Makerspace's resident makers add up to exactly 300.
SPACES = [
    {
        "slug": "beijing-makerspace-751",
        "name_en": "Beijing Makerspace 751 Lab",
        "name_zh": "北京创客空间·751 实验室",
        "kind": Space.Kind.MAKERSPACE,
        "status": Space.Status.PUBLISHED,
        "verified": True,
        "city": "beijing",
        "networks": ["beijing-makerspace"],
        "address_en": "Building 7, 751 D·Park, 4 Jiuxianqiao Road, Chaoyang District, Beijing",
        "address_zh": "北京市朝阳区酒仙桥路 4 号 751 D·PARK 7 号楼",
        "latitude": Decimal("39.970100"),
        "longitude": Decimal("116.495200"),
        "floor_area": 6000,
        "desks": 240,
        "resident_makers": 140,
        "description_en": (
            "The flagship lab: electronics benches, robots and a busy events hall, open around "
            f"the clock. {SAMPLE_EN}"
        ),
        "description_zh": (
            f"旗舰实验室：电子工作台、机器人与热闹的活动大厅，全天候开放。{SAMPLE_ZH}"
        ),
        "website": "https://beijing-makerspace.example.com/751/",
        "email": "751@beijing-makerspace.example.com",
        "founded": date(2013, 5, 4),
        "services": ["prototyping", "events", "mentoring", "shared-office", "training"],
        "equipment": ["3d-printers", "laser-cutter", "electronics-lab", "robotics", "textile"],
        "hours": AROUND_THE_CLOCK,
        "plans": [DAY_PASS, HOT_DESK, MAKER_YEAR],
        "links": [
            (LinkKind.WEIBO, "https://weibo.com/example-bjmakerspace-751"),
            (LinkKind.GITHUB, "https://github.com/example-bjmakerspace"),
        ],
    },
    {
        "slug": "beijing-makerspace-zhongguancun",
        "name_en": "Beijing Makerspace Zhongguancun Fab Lab",
        "name_zh": "北京创客空间·中关村微观装配实验室",
        "kind": Space.Kind.FABLAB,
        "status": Space.Status.PUBLISHED,
        "verified": True,
        "city": "beijing",
        "networks": ["beijing-makerspace"],
        "address_en": "3F, 28 Haidian Street, Haidian District, Beijing",
        "address_zh": "北京市海淀区海淀大街 28 号 3 层",
        "latitude": Decimal("39.983400"),
        "longitude": Decimal("116.316000"),
        "floor_area": 4000,
        "desks": 120,
        "resident_makers": 90,
        "description_en": (
            "A fab lab next to the universities, with CNC, a woodshop and evening classes. "
            f"{SAMPLE_EN}"
        ),
        "description_zh": f"毗邻高校的微观装配实验室，配有数控机床、木工坊和夜间课程。{SAMPLE_ZH}",
        "website": "https://beijing-makerspace.example.com/zhongguancun/",
        "email": "fablab@beijing-makerspace.example.com",
        "founded": date(2014, 3, 15),
        "services": ["prototyping", "training", "events"],
        "equipment": ["3d-printers", "laser-cutter", "cnc", "pcb-mill", "woodshop"],
        "hours": [(WEEKDAYS, time(9), time(21)), ((5,), time(10), time(18))],
        "plans": [HOURLY_PASS, DAY_PASS, MAKER_YEAR],
        "links": [(LinkKind.WEIBO, "https://weibo.com/example-bjmakerspace-fablab")],
    },
    {
        "slug": "beijing-makerspace-wangjing",
        "name_en": "Beijing Makerspace Wangjing Hardware Incubator",
        "name_zh": "北京创客空间·望京硬件孵化器",
        "kind": Space.Kind.INCUBATOR,
        "status": Space.Status.PUBLISHED,
        "verified": True,
        "city": "beijing",
        "networks": ["beijing-makerspace"],
        "address_en": "Block B, 10 Wangjing Street, Chaoyang District, Beijing",
        "address_zh": "北京市朝阳区望京街 10 号 B 座",
        "latitude": Decimal("39.996400"),
        "longitude": Decimal("116.470000"),
        "floor_area": 10000,
        "desks": 400,
        "resident_makers": 70,
        "description_en": (
            "Offices, mentors and investor days for hardware start-ups moving from prototype "
            f"to product. {SAMPLE_EN}"
        ),
        "description_zh": (
            f"为从原型走向量产的硬件初创团队提供办公室、创业导师和投资人路演日。{SAMPLE_ZH}"
        ),
        "website": "https://beijing-makerspace.example.com/wangjing/",
        "email": "incubator@beijing-makerspace.example.com",
        "founded": date(2014, 9, 1),
        "services": ["incubation", "funding", "mentoring", "legal", "supply-chain"],
        "equipment": ["3d-printers", "electronics-lab"],
        "hours": OFFICE_HOURS,
        "plans": [FIXED_DESK, PRIVATE_OFFICE, INCUBATION_YEAR],
        "links": [(LinkKind.WECHAT, "https://weixin.qq.com/r/example-bjmakerspace-wangjing")],
    },
    {
        "slug": "people-squared-jingan",
        "name_en": "People Squared Jing'an",
        "name_zh": "人方空间·静安",
        "kind": Space.Kind.COWORKING,
        "status": Space.Status.PUBLISHED,
        "verified": True,
        "city": "shanghai",
        "networks": ["people-squared"],
        "address_en": "88 Changping Road, Jing'an District, Shanghai",
        "address_zh": "上海市静安区昌平路 88 号",
        "latitude": Decimal("31.236000"),
        "longitude": Decimal("121.447000"),
        "floor_area": 32000,
        "desks": 2400,
        "resident_makers": 420,
        "description_en": (
            "The largest floor of the network: open desks, private offices and a rooftop "
            f"event space, open around the clock. {SAMPLE_EN}"
        ),
        "description_zh": (
            f"网络中面积最大的场地：开放工位、独立办公室和屋顶活动空间，全天候开放。{SAMPLE_ZH}"
        ),
        "website": "https://people-squared.example.com/jingan/",
        "email": "jingan@people-squared.example.com",
        "founded": date(2012, 10, 8),
        "services": ["shared-office", "events", "legal", "accounting"],
        "equipment": ["3d-printers"],
        "hours": AROUND_THE_CLOCK,
        "plans": [DAY_PASS, HOT_DESK, FIXED_DESK, PRIVATE_OFFICE],
        "links": [
            (LinkKind.WEIBO, "https://weibo.com/example-peoplesquared"),
            (LinkKind.LINKEDIN, "https://www.linkedin.com/company/example-people-squared"),
        ],
    },
    {
        "slug": "people-squared-xuhui",
        "name_en": "People Squared Xuhui",
        "name_zh": "人方空间·徐汇",
        "kind": Space.Kind.COWORKING,
        "status": Space.Status.PUBLISHED,
        "verified": True,
        "city": "shanghai",
        "networks": ["people-squared"],
        "address_en": "200 Caoxi North Road, Xuhui District, Shanghai",
        "address_zh": "上海市徐汇区漕溪北路 200 号",
        "latitude": Decimal("31.188000"),
        "longitude": Decimal("121.437000"),
        "floor_area": 24000,
        "desks": 1800,
        "resident_makers": 260,
        "description_en": (
            f"Co-working with late nights at the weekend: open until 2 a.m. on Fridays and "
            f"Saturdays. {SAMPLE_EN}"
        ),
        "description_zh": f"周末延长营业的联合办公空间：周五、周六开放至凌晨 2 点。{SAMPLE_ZH}",
        "website": "https://people-squared.example.com/xuhui/",
        "email": "xuhui@people-squared.example.com",
        "founded": date(2013, 4, 20),
        "services": ["shared-office", "events", "mentoring"],
        "equipment": [],
        "hours": [
            ((0, 1, 2, 3), time(8), time(22)),
            ((4, 5), time(8), time(2)),
            ((6,), time(10), time(18)),
        ],
        "plans": [HOURLY_PASS, DAY_PASS, HOT_DESK],
        "links": [(LinkKind.WEIBO, "https://weibo.com/example-peoplesquared-xuhui")],
    },
    {
        "slug": "people-squared-yangpu",
        "name_en": "People Squared Yangpu Maker Lab",
        "name_zh": "人方空间·杨浦创客实验室",
        "kind": Space.Kind.MAKERSPACE,
        "status": Space.Status.PUBLISHED,
        "verified": True,
        "city": "shanghai",
        "networks": ["people-squared"],
        "address_en": "Building 5, 300 Guoding Road, Yangpu District, Shanghai",
        "address_zh": "上海市杨浦区国定路 300 号 5 号楼",
        "latitude": Decimal("31.300000"),
        "longitude": Decimal("121.510000"),
        "floor_area": 28000,
        "desks": 1200,
        "resident_makers": 350,
        "description_en": (
            "Workshops by day near the universities, hack nights from 6 p.m. to 2 a.m. on "
            f"Fridays and Saturdays. {SAMPLE_EN}"
        ),
        "description_zh": (
            f"白天是高校旁的工坊，周五、周六晚 6 点至凌晨 2 点举办黑客之夜。{SAMPLE_ZH}"
        ),
        "website": "https://people-squared.example.com/yangpu/",
        "email": "yangpu@people-squared.example.com",
        "founded": date(2014, 6, 1),
        "services": ["prototyping", "training", "events", "incubation"],
        "equipment": [
            "3d-printers",
            "laser-cutter",
            "cnc",
            "electronics-lab",
            "robotics",
            "woodshop",
            "vinyl-cutter",
        ],
        "hours": [(WEEKDAYS, time(9), time(18)), ((4, 5), time(18), time(2))],
        "plans": [DAY_PASS, MAKER_YEAR],
        "links": [
            (LinkKind.BILIBILI, "https://space.bilibili.com/example-peoplesquared-yangpu"),
            (LinkKind.GITHUB, "https://github.com/example-peoplesquared"),
        ],
    },
    {
        "slug": "people-squared-lujiazui",
        "name_en": "People Squared Lujiazui",
        "name_zh": "人方空间·陆家嘴",
        "kind": Space.Kind.COWORKING,
        "status": Space.Status.PUBLISHED,
        "verified": True,
        "city": "shanghai",
        "networks": ["people-squared"],
        "address_en": "58 Dongchang Road, Pudong New Area, Shanghai",
        "address_zh": "上海市浦东新区东昌路 58 号",
        "latitude": Decimal("31.236000"),
        "longitude": Decimal("121.505000"),
        "floor_area": 26000,
        "desks": 2000,
        "resident_makers": 180,
        "description_en": (
            f"Offices for teams meeting investors in the financial district. {SAMPLE_EN}"
        ),
        "description_zh": f"位于金融区、方便团队与投资人会面的办公空间。{SAMPLE_ZH}",
        "website": "https://people-squared.example.com/lujiazui/",
        "email": "lujiazui@people-squared.example.com",
        "founded": date(2014, 11, 11),
        "services": ["shared-office", "funding", "legal", "accounting"],
        "equipment": [],
        "hours": [(WEEKDAYS, time(8, 30), time(20))],
        "plans": [HOT_DESK, FIXED_DESK, PRIVATE_OFFICE],
        "links": [(LinkKind.WECHAT, "https://weixin.qq.com/r/example-peoplesquared-lujiazui")],
    },
    {
        "slug": "people-squared-zhangjiang",
        "name_en": "People Squared Zhangjiang Accelerator",
        "name_zh": "人方空间·张江加速器",
        "kind": Space.Kind.ACCELERATOR,
        "status": Space.Status.PUBLISHED,
        "verified": True,
        "city": "shanghai",
        "networks": ["people-squared"],
        "address_en": "Building 3, 88 Keyuan Road, Pudong New Area, Shanghai",
        "address_zh": "上海市浦东新区科苑路 88 号 3 号楼",
        "latitude": Decimal("31.203000"),
        "longitude": Decimal("121.590000"),
        "floor_area": 20000,
        "desks": 900,
        "resident_makers": 150,
        "description_en": (
            f"Six-month programmes taking hardware teams to their first funding round. {SAMPLE_EN}"
        ),
        "description_zh": f"为期六个月的加速计划，帮助硬件团队完成首轮融资。{SAMPLE_ZH}",
        "website": "https://people-squared.example.com/zhangjiang/",
        "email": "zhangjiang@people-squared.example.com",
        "founded": date(2015, 1, 12),
        "services": ["incubation", "funding", "mentoring", "legal", "supply-chain"],
        "equipment": ["3d-printers", "electronics-lab", "pcb-mill"],
        "hours": [((0, 1, 2, 3, 4, 5), time(9), time(21))],
        "plans": [FIXED_DESK, INCUBATION_YEAR],
        "links": [(LinkKind.WEIBO, "https://weibo.com/example-peoplesquared-zhangjiang")],
    },
    # Not published, so not counted in any total.
    {
        "slug": "beijing-makerspace-huaqiangbei",
        "name_en": "Beijing Makerspace Huaqiangbei Lab",
        "name_zh": "北京创客空间·华强北实验室",
        "kind": Space.Kind.MAKERSPACE,
        "status": Space.Status.DRAFT,
        "verified": False,
        "city": "shenzhen",
        "networks": ["beijing-makerspace"],
        "address_en": "12 Huaqiang North Road, Futian District, Shenzhen",
        "address_zh": "深圳市福田区华强北路 12 号",
        "latitude": Decimal("22.546000"),
        "longitude": Decimal("114.085000"),
        "floor_area": 5000,
        "desks": 200,
        "resident_makers": 40,
        "description_en": f"A planned lab beside the electronics markets. {SAMPLE_EN}",
        "description_zh": f"筹备中的实验室，紧邻电子市场。{SAMPLE_ZH}",
        "website": "",
        "email": "",
        "founded": None,
        "services": ["prototyping", "supply-chain"],
        "equipment": ["electronics-lab", "pcb-mill"],
        "hours": OFFICE_HOURS,
        "plans": [],
        "links": [],
    },
    {
        "slug": "people-squared-hangzhou",
        "name_en": "People Squared Hangzhou",
        "name_zh": "人方空间·杭州",
        "kind": Space.Kind.COWORKING,
        "status": Space.Status.PENDING,
        "verified": False,
        "city": "hangzhou",
        "networks": ["people-squared"],
        "address_en": "66 Wensan Road, Xihu District, Hangzhou",
        "address_zh": "杭州市西湖区文三路 66 号",
        "latitude": Decimal("30.278000"),
        "longitude": Decimal("120.130000"),
        "floor_area": 8000,
        "desks": 600,
        "resident_makers": 60,
        "description_en": f"A co-working floor awaiting review. {SAMPLE_EN}",
        "description_zh": f"待审核的联合办公空间。{SAMPLE_ZH}",
        "website": "https://people-squared.example.com/hangzhou/",
        "email": "",
        "founded": None,
        "services": ["shared-office", "events"],
        "equipment": [],
        "hours": OFFICE_HOURS,
        "plans": [HOT_DESK],
        "links": [],
    },
]


def _maker(
    slug: str,
    display_name: str,
    display_name_zh: str,
    *,
    city: str,
    bio_en: str,
    bio_zh: str,
    skills: list[str],
    memberships: list[tuple],
    visibility: str = Maker.Visibility.PUBLIC,
    links: tuple = (),
) -> dict:
    """One maker; `memberships` lists (space slug, role, started on), `links` (kind, URL)."""
    return {
        "slug": slug,
        "display_name": display_name,
        "display_name_zh": display_name_zh,
        "city": city,
        "bio_en": f"{bio_en} {SAMPLE_EN}",
        "bio_zh": f"{bio_zh}{SAMPLE_ZH}",
        "skills": skills,
        "visibility": visibility,
        "links": list(links),
        "memberships": memberships,
    }


Role = Membership.Role
MAKERS = [
    _maker(
        "wang-lei",
        "Wang Lei",
        "王磊",
        city="beijing",
        bio_en="Started the 751 Lab; happiest at an electronics bench.",
        bio_zh="751 实验室创始人，最爱待在电子工作台前。",
        skills=["electronics", "community building", "Arduino"],
        memberships=[("beijing-makerspace-751", Role.FOUNDER, date(2013, 5, 4))],
        links=[(LinkKind.WEIBO, "https://weibo.com/example-wanglei")],
    ),
    _maker(
        "liu-yang",
        "Liu Yang",
        "刘洋",
        city="beijing",
        bio_en="Runs the Zhongguancun Fab Lab and teaches CNC on Tuesday nights.",
        bio_zh="负责中关村微观装配实验室，每周二晚教授数控加工。",
        skills=["CNC", "laser cutting", "digital fabrication"],
        memberships=[
            ("beijing-makerspace-zhongguancun", Role.MANAGER, date(2014, 3, 15)),
            ("people-squared-yangpu", Role.MENTOR, date(2015, 2, 1)),
        ],
    ),
    _maker(
        "zhao-min",
        "Zhao Min",
        "赵敏",
        city="beijing",
        bio_en="Hardware product manager who has shipped three consumer devices.",
        bio_zh="硬件产品经理，已主导三款消费电子产品量产。",
        skills=["product management", "supply chain", "manufacturing"],
        memberships=[("beijing-makerspace-wangjing", Role.MANAGER, date(2014, 9, 1))],
    ),
    _maker(
        "sun-hao",
        "Sun Hao",
        "孙浩",
        city="beijing",
        bio_en="Robotics engineer building ROS-based education kits.",
        bio_zh="机器人工程师，开发基于 ROS 的教育套件。",
        skills=["ROS", "embedded C", "robotics"],
        memberships=[("beijing-makerspace-751", Role.RESIDENT, date(2013, 6, 1))],
        links=[(LinkKind.GITHUB, "https://github.com/example-sunhao")],
    ),
    _maker(
        "zhou-ting",
        "Zhou Ting",
        "周婷",
        city="beijing",
        bio_en="Industrial designer who turns prototypes into printable parts.",
        bio_zh="工业设计师，把原型变成可打印的零件。",
        skills=["industrial design", "3D modelling", "Fusion 360"],
        memberships=[("beijing-makerspace-zhongguancun", Role.RESIDENT, date(2014, 4, 1))],
    ),
    _maker(
        "wu-jie",
        "Wu Jie",
        "吴杰",
        city="beijing",
        bio_en="Writes flight-controller firmware for small drones.",
        bio_zh="为小型无人机编写飞控固件。",
        skills=["firmware", "control systems", "drones"],
        memberships=[("beijing-makerspace-751", Role.RESIDENT, date(2013, 9, 1))],
        links=[(LinkKind.GITHUB, "https://github.com/example-wujie")],
    ),
    _maker(
        "zheng-yu",
        "Zheng Yu",
        "郑宇",
        city="beijing",
        bio_en="Connects home appliances to the cloud over Wi-Fi and Zigbee.",
        bio_zh="通过 Wi-Fi 和 Zigbee 把家电接入云端。",
        skills=["IoT", "Zigbee", "cloud APIs"],
        memberships=[("beijing-makerspace-wangjing", Role.MEMBER, date(2015, 3, 1))],
        visibility=Maker.Visibility.MEMBERS,
    ),
    _maker(
        "ma-lin",
        "Ma Lin",
        "马琳",
        city="beijing",
        bio_en="Sews circuits into clothes: conductive thread, sensors, soft switches.",
        bio_zh="把电路缝进衣服：导电线、传感器和柔性开关。",
        skills=["e-textiles", "sewing", "wearables"],
        memberships=[("beijing-makerspace-751", Role.RESIDENT, date(2014, 10, 1))],
    ),
    _maker(
        "he-xin",
        "He Xin",
        "何欣",
        city="beijing",
        bio_en="Student who comes to the fab lab at weekends.",
        bio_zh="周末来微观装配实验室的学生。",
        skills=["3D printing"],
        memberships=[("beijing-makerspace-zhongguancun", Role.MEMBER, date(2015, 5, 1))],
        visibility=Maker.Visibility.HIDDEN,
    ),
    _maker(
        "gao-peng",
        "Gao Peng",
        "高鹏",
        city="beijing",
        bio_en="Angel investor who mentors hardware founders on their first rounds.",
        bio_zh="天使投资人，指导硬件创业者完成首轮融资。",
        skills=["fundraising", "mentoring"],
        memberships=[
            ("beijing-makerspace-wangjing", Role.MENTOR, date(2014, 9, 1)),
            ("people-squared-zhangjiang", Role.MENTOR, date(2015, 1, 12)),
        ],
    ),
    _maker(
        "chen-jing",
        "Chen Jing",
        "陈静",
        city="shanghai",
        bio_en="Opened the Jing'an floor and still greets every new member.",
        bio_zh="静安场地的开创者，至今仍亲自迎接每位新会员。",
        skills=["community building", "operations", "events"],
        memberships=[("people-squared-jingan", Role.FOUNDER, date(2012, 10, 8))],
    ),
    _maker(
        "lin-xiao",
        "Lin Xiao",
        "林晓",
        city="shanghai",
        bio_en="Manages the Xuhui floor and its weekend late nights.",
        bio_zh="管理徐汇场地及其周末夜场。",
        skills=["operations", "events"],
        memberships=[("people-squared-xuhui", Role.MANAGER, date(2013, 4, 20))],
    ),
    _maker(
        "huang-bo",
        "Huang Bo",
        "黄波",
        city="shanghai",
        bio_en="Builds heart-rate wearables with Bluetooth Low Energy.",
        bio_zh="用低功耗蓝牙打造心率可穿戴设备。",
        skills=["hardware", "BLE", "signal processing"],
        memberships=[("people-squared-zhangjiang", Role.RESIDENT, date(2015, 1, 12))],
    ),
    _maker(
        "xu-na",
        "Xu Na",
        "许娜",
        city="shanghai",
        bio_en="Puts soil sensors on farms and sends the data over LoRa.",
        bio_zh="在农田部署土壤传感器，并通过 LoRa 传输数据。",
        skills=["IoT", "LoRa", "agriculture"],
        memberships=[("people-squared-yangpu", Role.RESIDENT, date(2014, 6, 1))],
        links=[(LinkKind.LINKEDIN, "https://www.linkedin.com/in/example-xuna")],
    ),
    _maker(
        "guo-qiang",
        "Guo Qiang",
        "郭强",
        city="shanghai",
        bio_en="Calibrates low-cost air-quality sensors against reference stations.",
        bio_zh="以标准监测站为参照校准低成本空气质量传感器。",
        skills=["sensors", "data analysis", "Python"],
        memberships=[("people-squared-lujiazui", Role.RESIDENT, date(2014, 11, 11))],
    ),
    _maker(
        "luo-yi",
        "Luo Yi",
        "罗怡",
        city="shanghai",
        bio_en="Start-up lawyer holding office hours for resident teams.",
        bio_zh="创业律师，为入驻团队提供咨询时段。",
        skills=["company law", "intellectual property"],
        memberships=[
            ("people-squared-lujiazui", Role.MENTOR, date(2014, 11, 11)),
            ("people-squared-jingan", Role.MENTOR, date(2013, 1, 1)),
        ],
    ),
    _maker(
        "tang-mei",
        "Tang Mei",
        "唐梅",
        city="shanghai",
        bio_en="Designs smart-home lighting that people actually want on their walls.",
        bio_zh="设计人们真正愿意挂在墙上的智能家居灯具。",
        skills=["product design", "IoT", "lighting"],
        memberships=[("people-squared-xuhui", Role.RESIDENT, date(2014, 2, 1))],
    ),
    _maker(
        "deng-kai",
        "Deng Kai",
        "邓凯",
        city="shanghai",
        bio_en="Mechanical engineer behind a six-axis desktop robot arm.",
        bio_zh="六轴桌面机械臂背后的机械工程师。",
        skills=["mechanical engineering", "robotics", "SolidWorks"],
        memberships=[("people-squared-yangpu", Role.RESIDENT, date(2014, 7, 1))],
        visibility=Maker.Visibility.MEMBERS,
    ),
    _maker(
        "feng-rui",
        "Feng Rui",
        "冯瑞",
        city="shanghai",
        bio_en="Tunes extruders and slicers for desktop 3D printers.",
        bio_zh="为桌面 3D 打印机调校挤出机和切片软件。",
        skills=["3D printing", "firmware", "materials"],
        memberships=[
            ("people-squared-zhangjiang", Role.RESIDENT, date(2015, 1, 12)),
            ("people-squared-jingan", Role.MEMBER, date(2012, 12, 1)),
        ],
    ),
    _maker(
        "song-jia",
        "Song Jia",
        "宋佳",
        city="shenzhen",
        bio_en="Sources motors and batteries in Shenzhen for an e-bike conversion kit.",
        bio_zh="在深圳为电动自行车改装套件采购电机和电池。",
        skills=["supply chain", "power electronics"],
        memberships=[("people-squared-jingan", Role.MEMBER, date(2015, 4, 1))],
    ),
]


def _round(stage: str, announced_on: date, millions, investors: list[str]) -> dict:
    """A round in yuan; `millions` is the amount in millions of yuan."""
    return {
        "stage": stage,
        "announced_on": announced_on,
        "amount": Decimal(millions) * 1_000_000,
        "investors": investors,
    }


RoundStage = FundingRound.Stage
# The rounds add up to exactly 4,000 million yuan; every project is incubated by at least one
# published Maker2 space, so Maker2's funding total is the whole 4 billion.
PROJECTS = [
    {
        "slug": "orbit-robotics",
        "name_en": "Orbit Robotics",
        "name_zh": "轨道机器人",
        "summary_en": f"Programmable robot kits for school classrooms. {SAMPLE_EN}",
        "summary_zh": f"面向中小学课堂的可编程机器人套件。{SAMPLE_ZH}",
        "stage": Project.Stage.GROWTH,
        "team": ["sun-hao", "wang-lei"],
        "spaces": ["beijing-makerspace-751"],
        "website": "https://orbit-robotics.example.com/",
        "founded": date(2013, 7, 1),
        "rounds": [
            _round(RoundStage.ANGEL, date(2013, 9, 10), 6, ["Jade Bridge Angels (sample)"]),
            _round(RoundStage.A, date(2014, 5, 20), 40, ["Northern Star Ventures (sample)"]),
            _round(RoundStage.B, date(2015, 1, 15), 180, ["Pearl Delta Capital (sample)"]),
            _round(
                RoundStage.C,
                date(2015, 9, 30),
                520,
                ["Pearl Delta Capital (sample)", "Silk Road Growth Fund (sample)"],
            ),
        ],
    },
    {
        "slug": "skyfold-drones",
        "name_en": "Skyfold Drones",
        "name_zh": "天折无人机",
        "summary_en": f"Folding camera drones that fit in a jacket pocket. {SAMPLE_EN}",
        "summary_zh": f"可装进外套口袋的折叠航拍无人机。{SAMPLE_ZH}",
        "stage": Project.Stage.GROWTH,
        "team": ["wu-jie"],
        "spaces": ["beijing-makerspace-751", "people-squared-zhangjiang"],
        "website": "https://skyfold.example.com/",
        "founded": date(2013, 10, 1),
        "rounds": [
            _round(RoundStage.SEED, date(2013, 12, 1), 10, ["Jade Bridge Angels (sample)"]),
            _round(RoundStage.A, date(2014, 6, 18), 80, ["Northern Star Ventures (sample)"]),
            _round(RoundStage.B, date(2015, 3, 3), 300, ["Bund Harbour Partners (sample)"]),
            _round(
                RoundStage.C,
                date(2015, 11, 11),
                1000,
                ["Bund Harbour Partners (sample)", "Silk Road Growth Fund (sample)"],
            ),
        ],
    },
    {
        "slug": "lumen-home",
        "name_en": "Lumen Home",
        "name_zh": "流明智家",
        "summary_en": f"Smart lighting panels controlled from a phone. {SAMPLE_EN}",
        "summary_zh": f"可用手机控制的智能照明面板。{SAMPLE_ZH}",
        "stage": Project.Stage.PRODUCT,
        "team": ["tang-mei", "zheng-yu"],
        "spaces": ["people-squared-xuhui"],
        "website": "https://lumen-home.example.com/",
        "founded": date(2014, 2, 1),
        "rounds": [
            _round(RoundStage.ANGEL, date(2014, 4, 1), 3, ["Huangpu Angel Club (sample)"]),
            _round(RoundStage.A, date(2014, 12, 9), 25, ["Northern Star Ventures (sample)"]),
            _round(RoundStage.B, date(2015, 8, 21), 120, ["Bund Harbour Partners (sample)"]),
        ],
    },
    {
        "slug": "fieldsense",
        "name_en": "FieldSense",
        "name_zh": "田感",
        "summary_en": f"Solar-powered soil sensors for farms. {SAMPLE_EN}",
        "summary_zh": f"面向农场的太阳能土壤传感器。{SAMPLE_ZH}",
        "stage": Project.Stage.PRODUCT,
        "team": ["xu-na"],
        "spaces": ["people-squared-yangpu"],
        "website": "https://fieldsense.example.com/",
        "founded": date(2014, 6, 1),
        "rounds": [
            _round(RoundStage.SEED, date(2014, 8, 8), 5, ["Huangpu Angel Club (sample)"]),
            _round(RoundStage.PRE_A, date(2015, 2, 14), 15, ["Green Field Capital (sample)"]),
            _round(RoundStage.A, date(2015, 10, 10), 60, ["Green Field Capital (sample)"]),
        ],
    },
    {
        "slug": "pulse-wearables",
        "name_en": "Pulse Wearables",
        "name_zh": "脉动穿戴",
        "summary_en": f"Heart-rate bands for runners and cyclists. {SAMPLE_EN}",
        "summary_zh": f"为跑步和骑行爱好者设计的心率手环。{SAMPLE_ZH}",
        "stage": Project.Stage.GROWTH,
        "team": ["huang-bo"],
        "spaces": ["people-squared-zhangjiang", "beijing-makerspace-wangjing"],
        "website": "https://pulse-wearables.example.com/",
        "founded": date(2012, 11, 1),
        "rounds": [
            _round(RoundStage.ANGEL, date(2013, 2, 1), 8, ["Huangpu Angel Club (sample)"]),
            _round(RoundStage.A, date(2013, 11, 20), 50, ["Northern Star Ventures (sample)"]),
            _round(RoundStage.B, date(2014, 9, 9), 200, ["Pearl Delta Capital (sample)"]),
            _round(
                RoundStage.STRATEGIC, date(2015, 7, 7), 500, ["Example Electronics Group (sample)"]
            ),
        ],
    },
    {
        "slug": "inkwell-3d",
        "name_en": "Inkwell 3D",
        "name_zh": "墨井三维",
        "summary_en": f"Desktop 3D printers for schools and studios. {SAMPLE_EN}",
        "summary_zh": f"面向学校和工作室的桌面 3D 打印机。{SAMPLE_ZH}",
        "stage": Project.Stage.ACQUIRED,
        "team": ["feng-rui", "zhou-ting"],
        "spaces": ["beijing-makerspace-zhongguancun", "people-squared-zhangjiang"],
        "website": "https://inkwell3d.example.com/",
        "founded": date(2012, 8, 1),
        "rounds": [
            _round(RoundStage.SEED, date(2012, 12, 12), 4, ["Jade Bridge Angels (sample)"]),
            _round(RoundStage.A, date(2013, 10, 1), 36, ["Northern Star Ventures (sample)"]),
            _round(RoundStage.B, date(2014, 10, 1), 110, ["Example Electronics Group (sample)"]),
        ],
    },
    {
        "slug": "voltbike",
        "name_en": "VoltBike",
        "name_zh": "伏特单车",
        "summary_en": f"A kit that turns an ordinary bicycle into an e-bike. {SAMPLE_EN}",
        "summary_zh": f"把普通自行车改装为电动自行车的套件。{SAMPLE_ZH}",
        "stage": Project.Stage.PROTOTYPE,
        "team": ["song-jia"],
        "spaces": ["people-squared-jingan"],
        "website": "",
        "founded": date(2015, 3, 1),
        "rounds": [
            _round(RoundStage.ANGEL, date(2015, 5, 5), 2, ["Huangpu Angel Club (sample)"]),
            _round(RoundStage.PRE_A, date(2015, 12, 1), 12, ["Green Field Capital (sample)"]),
        ],
    },
    {
        "slug": "clearair-lab",
        "name_en": "ClearAir Lab",
        "name_zh": "清气实验室",
        "summary_en": f"Indoor air-quality monitors with calibrated sensors. {SAMPLE_EN}",
        "summary_zh": f"配备校准传感器的室内空气质量监测仪。{SAMPLE_ZH}",
        "stage": Project.Stage.PRODUCT,
        "team": ["guo-qiang"],
        "spaces": ["people-squared-lujiazui"],
        "website": "https://clearair.example.com/",
        "founded": date(2014, 1, 1),
        "rounds": [
            _round(RoundStage.SEED, date(2014, 3, 3), 6, ["Jade Bridge Angels (sample)"]),
            _round(RoundStage.A, date(2014, 11, 11), 44, ["Green Field Capital (sample)"]),
            _round(RoundStage.B, date(2015, 6, 6), 150, ["Bund Harbour Partners (sample)"]),
        ],
    },
    {
        "slug": "hexa-arm",
        "name_en": "HexaArm",
        "name_zh": "六轴臂",
        "summary_en": f"A six-axis robot arm for desks and small factories. {SAMPLE_EN}",
        "summary_zh": f"适用于桌面和小型工厂的六轴机械臂。{SAMPLE_ZH}",
        "stage": Project.Stage.GROWTH,
        "team": ["deng-kai", "liu-yang"],
        "spaces": ["people-squared-yangpu", "beijing-makerspace-zhongguancun"],
        "website": "https://hexa-arm.example.com/",
        "founded": date(2013, 5, 1),
        "rounds": [
            _round(RoundStage.ANGEL, date(2013, 8, 1), 5, ["Jade Bridge Angels (sample)"]),
            _round(RoundStage.A, date(2014, 4, 4), 45, ["Northern Star Ventures (sample)"]),
            _round(RoundStage.B, date(2015, 4, 4), 250, ["Pearl Delta Capital (sample)"]),
            _round(RoundStage.C, date(2015, 12, 12), 210, ["Silk Road Growth Fund (sample)"]),
        ],
    },
    {
        "slug": "threadlab",
        "name_en": "ThreadLab",
        "name_zh": "织物实验室",
        "summary_en": f"Washable smart textiles that sense posture. {SAMPLE_EN}",
        "summary_zh": f"可水洗、能感知坐姿的智能织物。{SAMPLE_ZH}",
        "stage": Project.Stage.PROTOTYPE,
        "team": ["ma-lin"],
        # The draft Shenzhen lab does not count: Beijing's 751 Lab carries the funding.
        "spaces": ["beijing-makerspace-751", "beijing-makerspace-huaqiangbei"],
        "website": "",
        "founded": date(2015, 1, 1),
        "rounds": [
            _round(
                RoundStage.GRANT,
                date(2015, 3, 1),
                Decimal("0.5"),
                ["Example City Innovation Fund (sample)"],
            ),
            _round(
                RoundStage.ANGEL, date(2015, 9, 1), Decimal("3.5"), ["Huangpu Angel Club (sample)"]
            ),
        ],
    },
]
