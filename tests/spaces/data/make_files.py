"""Writes the spreadsheets the import tests read, from one made-up table of 97 makerspaces in
the United Kingdom (real towns, invented spaces), as Excel on a Mac and on Windows saves them:

- uk_makerspaces.csv: the source, UTF-8 without a BOM;
- uk_makerspaces.utf8-bom.csv: UTF-8 with a BOM (Excel's "CSV UTF-8");
- uk_makerspaces.mac-roman.csv: Mac Roman with CR line ends (Excel for Mac, "CSV for
  Macintosh");
- uk_makerspaces.windows-1252.csv: Windows-1252 with CRLF (Excel on Windows, "CSV");
- uk_makerspaces.utf16.txt: tab-separated UTF-16LE with a BOM (Excel's "Unicode text");
- uk_makerspaces.xlsx: an Excel workbook, the dates as date cells;
- cn_makerspaces.gb18030.csv and tw_makerspaces.big5.csv: Chinese lists.

Run it from the repository's root: `.venv/bin/python tests/spaces/data/make_files.py`.
"""

import csv
import io
import random
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent

# (town, the country as the file writes it, postcode area); Hebden Bridge is too small for
# the gazetteer, so only its country tells where it is.
TOWNS = [
    ("London", "England", "E"),
    ("Birmingham", "England", "B"),
    ("Glasgow", "Scotland", "G"),
    ("Manchester", "England", "M"),
    ("Sheffield", "England", "S"),
    ("Leeds", "England", "LS"),
    ("Edinburgh", "Scotland", "EH"),
    ("Liverpool", "England", "L"),
    ("Bristol", "England", "BS"),
    ("Cardiff", "Wales", "CF"),
    ("Leicester", "England", "LE"),
    ("Belfast", "Northern Ireland", "BT"),
    ("Coventry", "England", "CV"),
    ("Nottingham", "England", "NG"),
    ("Reading", "England", "RG"),
    ("Preston", "England", "PR"),
    ("Swansea", "Wales", "SA"),
    ("Newcastle upon Tyne", "England", "NE"),
    ("Brighton", "England", "BN"),
    ("Derby", "England", "DE"),
    ("Southampton", "England", "SO"),
    ("Plymouth", "England", "PL"),
    ("Milton Keynes", "England", "MK"),
    ("Northampton", "England", "NN"),
    ("Luton", "England", "LU"),
    ("Portsmouth", "England", "PO"),
    ("Swindon", "England", "SN"),
    ("Aberdeen", "Scotland", "AB"),
    ("Ipswich", "England", "IP"),
    ("Oxford", "England", "OX"),
    ("York", "England", "YO"),
    ("Dundee", "Scotland", "DD"),
    ("Cambridge", "England", "CB"),
    ("Norwich", "England", "NR"),
    ("Exeter", "England", "EX"),
    ("Gloucester", "England", "GL"),
    ("Colchester", "England", "CO"),
    ("Bath", "England", "BA"),
    ("Lincoln", "England", "LN"),
    ("Worcester", "England", "WR"),
    ("Hereford", "England", "HR"),
    ("Carlisle", "England", "CA"),
    ("Durham", "England", "DH"),
    ("Lancaster", "England", "LA"),
    ("Chester", "England", "CH"),
    ("Canterbury", "England", "CT"),
    ("Winchester", "England", "SO"),
    ("Salisbury", "England", "SP"),
    ("Truro", "England", "TR"),
    ("Stroud", "England", "GL"),
    ("Frome", "England", "BA"),
    ("Totnes", "England", "TQ"),
    ("St Albans", "England", "AL"),
    ("Hebden Bridge", "England", "HX"),
    ("Inverness", "Scotland", "IV"),
    ("Stirling", "Scotland", "FK"),
    ("Bangor", "Wales", "LL"),
    ("Aberystwyth", "Wales", "SY"),
    ("Falmouth", "England", "TR"),
    ("Kendal", "England", "LA"),
    ("Harrogate", "England", "HG"),
    ("Shrewsbury", "England", "SY"),
]
# Characters every encoding here can write (Mac Roman has no "²", so areas say "sq m").
FIRST = [
    "Frederick’s",
    "Zoë’s",
    "Brontë",
    "Café",
    "The Mañana",
    "Élan",
    "Ada’s",
    "Nöel’s",
    "Søren’s",
    "Hôtel de Ville",
    "Ffion’s",
    "Crème",
    "Ángel’s",
    "Bjørk",
    "Molière",
]
SECOND = [
    "Workshop",
    "Makerspace",
    "Hackspace",
    "Fab Lab",
    "Tool Library",
    "Forge",
    "Studio",
    "Shed",
    "Works",
    "Lab",
    "Collective",
    "Foundry",
]
YARDS = ["Mill", "Canal", "Station"]
STREETS = ["High Street", "Church Lane", "Quay Road"]
KINDS = ["Makerspace", "makerspace", "Hackspace", "Fab Lab", "Co-working space", "MAKERSPACE"]
AREAS = [
    "Circa 150",
    "1,200 sq m",
    "approx. 300 m2",
    "85",
    "",
    "2,500 sq ft",
    "about 60 sqm",
    "240",
    "~ 90",
    "1,050",
]
DESKS = ["12", "10.7", "", "4", "30", "8.2"]
MEMBERS = ["~40", "", "120", "c. 75", "1,200", "18"]
EXTRA_COLUMNS = [
    "Twitter",
    "Facebook",
    "Instagram",
    "Opening hours",
    "Contact person",
    "Charity number",
    "Company number",
    "Wheelchair access",
    "Parking",
    "Laser cutter",
    "3D printers",
    "CNC",
    "Woodwork",
    "Metalwork",
    "Electronics",
    "Textiles",
    "Membership fee",
    "Day pass",
    "Induction required",
    "Insurance",
    "Notes",
    "Last updated",
    "Source",
    "Verified by",
    "Region",
    "Nearest station",
    "Bus routes",
    "Newsletter",
    "Discord",
    "Volunteers",
    "Funding",
    "Languages spoken",
]
HEADERS = [
    "Space name",
    "Type",
    "Street address",
    "Town",
    "County",
    "Postcode",
    "Country",
    "Website / URL",
    "E-mail",
    "Tel",
    "Founded",
    "Floor area",
    "Desks",
    "Members",
    "Description",
    *EXTRA_COLUMNS,
]


def uk_rows() -> list[list[str]]:
    chance = random.Random(9)
    rows, names = [], set()
    for number in range(97):
        town, country, area = TOWNS[number % len(TOWNS)]
        name = f"{chance.choice(FIRST)} {chance.choice(SECOND)}"
        while name in names:
            name = f"{name} {town}" if town not in name else f"{name} {number}"
        names.add(name)
        day, month = chance.randint(1, 28), chance.randint(1, 12)
        founded = date(chance.randint(2008, 2022), month, day)
        domain = "".join(char for char in name.lower() if char.isascii() and char.isalnum())
        rows.append(
            [
                name,
                KINDS[number % len(KINDS)],
                f"Unit {number + 1}, {chance.choice(YARDS)} Yard\n"
                f"{chance.randint(1, 200)} {chance.choice(STREETS)}",
                town,
                "",
                f"{area}{chance.randint(1, 20)} {chance.randint(1, 9)}{chance.choice('ABDEFGHJ')}"
                f"{chance.choice('LNPQRSTU')}",
                country,
                f"www.{domain}.org.uk" if number % 3 == 0 else f"https://{domain}.org.uk/",
                f" hello@{domain}.org.uk" if number % 4 == 0 else f"info@{domain}.org.uk",
                f"+44 {chance.randint(1000, 9999)} {chance.randint(100000, 999999)}",
                founded.strftime("%d/%m/%Y"),
                AREAS[number % len(AREAS)],
                DESKS[number % len(DESKS)],
                MEMBERS[number % len(MEMBERS)],
                f"A friendly space in {town} – tools, classes\nand “open nights” on Thursdays.",
                *[
                    "" if chance.random() < 0.4 else f"{column} for {name}"[:40]
                    for column in EXTRA_COLUMNS
                ],
            ]
        )
    return rows


def csv_text(headers, rows, *, delimiter=",", line_end="\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue()


def write_xlsx(path: Path, headers, rows) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    founded = headers.index("Founded")
    for row in rows:
        cells = list(row)
        day, month, year = (int(part) for part in cells[founded].split("/"))
        cells[founded] = date(year, month, day)
        sheet.append(cells)
    book.save(path)


CN_HEADERS = ["名称", "类型", "城市", "地址", "网站", "邮箱", "电话", "成立时间", "面积", "工位"]
CN_ROWS = [
    [
        "北京创客空间",
        "创客空间",
        "北京",
        "北京市朝阳区酒仙桥路4号",
        "bjmakerspace.example.cn",
        "hi@bjmakerspace.example.cn",
        "010 5978 9000",
        "2016年3月16日",
        "约6000平方米",
        "240",
    ],
    [
        "柴火创客空间",
        "创客空间",
        "深圳市",
        "深圳市南山区华侨城",
        "https://chaihuo.example.cn/",
        " team@chaihuo.example.cn",
        "0755 8610 0000",
        "2011/10/8",
        "1,200平方米",
        "36.5",
    ],
    [
        "杭州洋葱胶囊",
        "联合办公空间",
        "杭州",
        "杭州市西湖区文三路",
        "",
        "",
        "",
        "2015-06-01",
        "800",
        "",
    ],
    ["成都梦工场", "孵化器", "成都", "成都市高新区天府大道", "", "", "", "2014年5月", "", "60"],
]
TW_HEADERS = ["名稱", "類型", "城市", "地址", "網站"]
TW_ROWS = [
    ["台北創客空間", "Makerspace", "台北", "台北市大安區羅斯福路", "https://taipei.example.tw/"],
    ["新竹自造者基地", "Fab Lab", "新竹", "新竹市東區光復路", "https://hsinchu.example.tw/"],
    ["高雄黑客空間", "Hackerspace", "高雄", "高雄市前鎮區成功路", ""],
]


def main() -> None:
    rows = uk_rows()
    (HERE / "uk_makerspaces.csv").write_bytes(csv_text(HEADERS, rows).encode("utf-8"))
    (HERE / "uk_makerspaces.utf8-bom.csv").write_bytes(
        csv_text(HEADERS, rows, line_end="\r\n").encode("utf-8-sig")
    )
    (HERE / "uk_makerspaces.mac-roman.csv").write_bytes(
        csv_text(HEADERS, rows, line_end="\r").encode("mac_roman")
    )
    (HERE / "uk_makerspaces.windows-1252.csv").write_bytes(
        csv_text(HEADERS, rows, line_end="\r\n").encode("cp1252")
    )
    (HERE / "uk_makerspaces.utf16.txt").write_bytes(
        csv_text(HEADERS, rows, delimiter="\t", line_end="\r\n").encode("utf-16")
    )
    write_xlsx(HERE / "uk_makerspaces.xlsx", HEADERS, rows)
    (HERE / "cn_makerspaces.gb18030.csv").write_bytes(
        csv_text(CN_HEADERS, CN_ROWS, line_end="\r\n").encode("gb18030")
    )
    (HERE / "tw_makerspaces.big5.csv").write_bytes(
        csv_text(TW_HEADERS, TW_ROWS, line_end="\r\n").encode("big5")
    )


if __name__ == "__main__":
    main()
