"""Slugs made from names in any script, free in their table: one rule for spaces, cities and
makers, whether an editor, an import or a visitor names them.

Latin text loses its accents ("Zürich" → `zurich`, "Straße" → `strasse`). Chinese is
romanised with pypinyin, one word per hyphen: 北京创客空间 → `beijing-chuangke-kongjian`, and a
person's name as surname and given name: 林小明 → `lin-xiaoming`. Stock pypinyin does not
segment text into words, so the words are found by longest match against the phrases pypinyin
lists (北京, 空间, 工场…) and a short glossary of the words makerspaces and places are named
with (创客, 实验室, 深圳…); characters left between known words pair up two by two, as most
Chinese words have two characters (柴火 → `chaihuo`).
"""

import functools
import re
import unicodedata

from django.utils.text import slugify
from pypinyin import lazy_pinyin
from pypinyin.constants import PHRASES_DICT

# Words pypinyin's phrase list lacks (it lists only phrases whose reading differs from their
# characters' usual one), as found in the names of makerspaces and of Chinese cities.
GLOSSARY = """
创客 众创 创新 创业 创意 创造 创想 创投 智造 制造 智能 科技 技术 信息 数字 电子 硬件 软件 机器人
空间 工场 工坊 车间 实验室 实验 工作室 中心 社区 基地 园区 产业园 孵化器 孵化 加速器 加速 联合办公
办公 共享 开放 开源 设计 文化 艺术 教育 学院 大学 学校 青年 未来 国际 自造者 自造 创客邦 梦工场
工厂 研究院 研究所 联盟 协会 俱乐部 黑客 极客 新车间 造物 物联网 人工智能 互联网 云 谷 港
北京 上海 天津 重庆 深圳 广州 杭州 南京 苏州 成都 武汉 西安 长沙 郑州 青岛 厦门 宁波 合肥 济南 福州
大连 沈阳 长春 哈尔滨 昆明 贵阳 南宁 海口 三亚 兰州 银川 西宁 乌鲁木齐 拉萨 呼和浩特 太原 石家庄
南昌 无锡 常州 东莞 佛山 珠海 中山 惠州 温州 绍兴 嘉兴 台州 金华 烟台 潍坊 徐州 南通 扬州 台北 新竹
台中 台南 高雄 香港 澳门 朝阳 海淀 中关村 浦东 静安 徐汇 南山 福田 宝安 龙岗 滨江 西湖 天府
"""

SPECIAL_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d",
     "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "ı": "i"}
)  # fmt: skip
# Chinese surnames of two characters; every other surname has one.
COMPOUND_SURNAMES = {
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "慕容",
    "令狐",
    "司徒",
    "夏侯",
    "尉迟",
    "公孙",
}
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@functools.cache
def _words() -> frozenset[str]:
    return frozenset(PHRASES_DICT) | frozenset(GLOSSARY.split())


@functools.cache
def _longest_word() -> int:
    return max(len(word) for word in _words())


def chinese_words(text: str) -> list[str]:
    """A run of Han characters cut into words (see the module's docstring)."""
    words, pending, start = [], "", 0
    known, longest = _words(), _longest_word()
    while start < len(text):
        for end in range(min(len(text), start + longest), start + 1, -1):
            if text[start:end] in known:
                break
        else:
            end = start + 1
        if end - start > 1:
            words += _pairs(pending)
            pending = ""
            words.append(text[start:end])
        else:
            pending += text[start]
        start = end
    return words + _pairs(pending)


def _pairs(characters: str) -> list[str]:
    return [characters[index : index + 2] for index in range(0, len(characters), 2)]


def person_name_words(text: str) -> list[str]:
    """A Chinese person's name as its surname and given name: 林小明 → 林, 小明."""
    surname = text[:2] if text[:2] in COMPOUND_SURNAMES else text[:1]
    return [surname, text[len(surname) :]] if len(text) > len(surname) else [text]


def romanise(text: str, *, person: bool = False) -> str:
    """The text with its Chinese words in pinyin (without tones), each word set apart; a
    person's name as surname and given name (林小明 → lin xiaoming)."""

    def word_by_word(match: re.Match) -> str:
        run = match[0]
        words = person_name_words(run) if person and len(run) <= 4 else chinese_words(run)
        return " " + " ".join("".join(lazy_pinyin(word)) for word in words) + " "

    return HAN.sub(word_by_word, str(text)).translate(SPECIAL_LETTERS)


def slug_text(text: str, max_length: int = 50, *, person: bool = False) -> str:
    """A slug for a name in any script: "" when nothing in it can be written in Latin."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    slug = slugify(romanise(text, person=person))
    return slug[:max_length].strip("-")


def unique_slug(
    model,
    text: str,
    *,
    taken: set[str] | frozenset[str] = frozenset(),
    alternatives: tuple[str, ...] = (),
    person: bool = False,
) -> str:
    """A slug made from `text` that no row of `model` has, nor any of `taken` or of the
    model's RESERVED_SLUGS (`person`: the text is a person's name).

    Numbered when needed (`name-2`), after trying each of `alternatives` (texts appended to
    the name, such as its city) first; the model's name (`space`, `city`, `maker`) when the
    text has no Latin letters at all.
    """
    max_length = model._meta.get_field("slug").max_length
    base = slug_text(text, max_length - 4, person=person) or model._meta.model_name
    in_use = set(
        model._default_manager.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    in_use |= set(taken) | getattr(model, "RESERVED_SLUGS", frozenset())
    candidates = [base]
    candidates += [f"{base}-{slug_text(extra, 30)}" for extra in alternatives if slug_text(extra)]
    for slug in candidates:
        if slug not in in_use:
            return slug
    number = 2
    while f"{base}-{number}" in in_use:
        number += 1
    return f"{base}-{number}"
