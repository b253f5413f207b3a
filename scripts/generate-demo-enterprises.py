#!/usr/bin/env python3
"""Writes recipes/data/demo-enterprises.json: the demo recipe's enterprises (ENT-1) with their accounts.

Deterministic (fixed seed): 浙江 (33) and 河南 (41), several cities and counties each; industrial (B/C/D) and
non-industrial industries; figures chosen from the size standard in national.recipe.json so that all four sizes
occur; about 20 pending review, a few returned, the rest approved; valid, unique credit codes (GB 32100 check
character). Plus ent_demo (password Demo@12345, phone 13800000010), an approved enterprise in 上城区.

    python3 scripts/generate-demo-enterprises.py
"""
import json
import os
import random

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
RECIPES = os.path.join(ROOT, "recipes")
OUT = os.path.join(RECIPES, "data", "demo-enterprises.json")

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def check_character(first17):
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


# City → (area code, postcode, how many counties to use)
CITIES = {
    "330100": ("0571", "310000"), "330200": ("0574", "315000"), "330300": ("0577", "325000"), "330600": ("0575", "312000"),
    "410100": ("0371", "450000"), "410300": ("0379", "471000"), "410700": ("0373", "453000"), "411300": ("0377", "473000"),
}
COUNTIES_PER_CITY = 4

# Industry groups of the size standard used here: (group name in the standard, code prefixes, words for names)
GROUPS = [
    ("工业", ["13", "17", "26", "29", "33", "34", "35", "38", "39"], ["机械", "精密制造", "电子科技", "新材料", "纺织", "电器", "智能装备", "化工"]),
    ("工业", ["44", "06"], ["能源", "电力", "矿业"]),
    ("建筑业", ["47", "48", "50"], ["建设工程", "建筑安装", "装饰工程"]),
    ("批发业", ["51"], ["商贸", "贸易", "供应链"]),
    ("零售业", ["52"], ["超市", "百货", "商行"]),
    ("餐饮业", ["62"], ["餐饮管理", "酒家", "食府"]),
    ("软件和信息技术服务业", ["65"], ["软件", "信息技术", "数字科技"]),
    ("租赁和商务服务业", ["71", "72"], ["咨询服务", "租赁", "商务服务"]),
]
BRANDS = ["恒达", "华盛", "永兴", "瑞丰", "鑫源", "宏图", "嘉禾", "天成", "中盛", "金诚", "博远", "海纳", "鼎力", "润泽",
          "兴业", "同创", "东方", "明德", "正阳", "信达", "德润", "鸿运", "安泰", "盛世", "新锐", "卓越", "长青", "汇通", "联华", "佳禾"]
SUFFIXES = ["有限公司", "有限公司", "有限公司", "股份有限公司"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "建华", "志强", "丽华", "国庆"]
REGISTRATION_TYPES = ["有限责任公司", "股份有限公司", "私营企业", "其他企业", "外商投资企业", "港澳台商投资企业"]
HOLDING = {"有限责任公司": "私人控股", "股份有限公司": "私人控股", "私营企业": "私人控股", "其他企业": "其他",
           "外商投资企业": "外商控股", "港澳台商投资企业": "港澳台商控股"}
SIZES = ["large", "medium", "small", "micro"]
SIZE_WEIGHTS = [1, 3, 4, 3]


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def small_classes(sections):
    """Every 小类 (4-digit code) with its name."""
    out = {}

    def walk(node):
        kids = node.get("children") or []
        if len(node["code"]) == 4 and not kids:
            out[node["code"]] = node["name"]
        for k in kids:
            walk(k)

    for s in sections:
        walk(s)
    return out


def figures(thresholds, size, rng):
    """Revenue and assets in 千元, employees in persons, reaching exactly the wanted band on every listed indicator."""
    def value(bounds, factor):
        large, medium, small = bounds["large"] * factor, bounds["medium"] * factor, bounds["small"] * factor
        if size == "large":
            return large * rng.uniform(1.05, 1.6)
        if size == "medium":
            return medium + (large - medium) * rng.uniform(0.05, 0.6)
        if size == "small":
            return small + (medium - small) * rng.uniform(0.05, 0.7)
        return small * rng.uniform(0.2, 0.8)

    def employees():
        if "employees" in thresholds:
            return int(value(thresholds["employees"], 1))
        return {"large": 900, "medium": 250, "small": 40, "micro": 6}[size]

    def money(name):
        if name in thresholds:
            return round(value(thresholds[name], 10), 2)
        return round({"large": 500000, "medium": 60000, "small": 6000, "micro": 800}[size] * rng.uniform(0.8, 1.2), 2)

    return money("revenue"), employees(), money("assets")


def main():
    rng = random.Random(20170101)
    national = load(os.path.join(RECIPES, "national.recipe.json"))
    standard = next(s for s in national["steps"] if s["name"] == "size-standard")
    thresholds = {g["name"]: g["thresholds"] for g in standard["groups"]}
    regions = load(os.path.join(RECIPES, "data", "regions-gbt2260.json"))["provinces"]
    industries = small_classes(load(os.path.join(RECIPES, "data", "industries-gbt4754-2017.json"))["sections"])

    cities = {}
    for province in regions:
        for city in province.get("children") or []:
            if city["code"] in CITIES:
                counties = [c for c in city.get("children") or [] if not c["code"].endswith("00")]
                cities[city["code"]] = (city["name"], counties[:COUNTIES_PER_CITY])
    assert len(cities) == len(CITIES), "a city is missing from the region data"

    by_group = []
    for group, prefixes, words in GROUPS:
        codes = sorted(c for c in industries if any(c.startswith(p) for p in prefixes))
        assert codes, group
        by_group.append((group, codes, words))

    used_names, used_codes, items = set(), set(), []

    def credit_code(county):
        while True:
            body = "91" + county + "".join(rng.choice(ALPHABET) for _ in range(9))
            code = body + check_character(body)
            if code not in used_codes:
                used_codes.add(code)
                return code

    def person():
        return rng.choice(SURNAMES) + rng.choice(GIVEN)

    def enterprise(city_code, county, group_index, size, name=None, industry=None):
        city_name, _ = cities[city_code]
        area, postcode = CITIES[city_code]
        group, codes, words = by_group[group_index]
        industry = industry or rng.choice(codes)
        short = city_name.removesuffix("市")
        while name is None or name in used_names:
            name = short + rng.choice(BRANDS) + rng.choice(words) + rng.choice(SUFFIXES)
        used_names.add(name)
        revenue, employees, assets = figures(thresholds[group], size, rng)
        registration = rng.choice(REGISTRATION_TYPES)
        listed = size == "large" and rng.random() < 0.5
        contact = person()
        e = {
            "name": name,
            "creditCode": credit_code(county["code"]),
            "legalRepresentative": person(),
            "industryCode": industry,
            "regionCode": county["code"],
            "registrationType": registration,
            "holdingType": HOLDING[registration],
            "revenue": revenue,
            "employees": employees,
            "assets": assets,
            "listed": listed,
        }
        if listed:
            e["stockCode"] = rng.choice(["600", "601", "603", "002", "300"]) + f"{rng.randrange(1000):03d}"
        e.update({
            "address": f"{city_name}{county['name']}{rng.choice(['建设', '人民', '解放', '中山', '文化', '科技'])}路{rng.randrange(1, 300)}号",
            "postcode": postcode,
            "openedOn": f"{rng.randrange(1995, 2021)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            "contactName": contact,
            "phone": f"{area}-{rng.randrange(8, 9)}{rng.randrange(1000000, 9999999)}",
            "mobile": f"1{rng.choice('35789')}{rng.randrange(100000000, 999999999)}",
            "mainBusiness": industries[industry],
        })
        if rng.random() < 0.5:
            e["website"] = f"https://www.demo{len(items) + 1:03d}.example.cn"
        if rng.random() < 0.4:
            e["email"] = f"contact{len(items) + 1:03d}@demo.smemonitor.test"
        return e, contact

    # ent_demo: a known approved industrial enterprise in 上城区 (reviewed by admin_sc).
    shangcheng = next(c for c in cities["330100"][1] if c["code"] == "330102")
    demo, _ = enterprise("330100", shangcheng, 0, "small", name="杭州示范智能装备有限公司")
    items.append({"userName": "ent_demo", "displayName": "示范企业联系人", "password": "Demo@12345", "phone": "13800000010",
                  "email": "ent_demo@demo.smemonitor.test", "status": "approved", "enterprise": demo})

    places = [(city, county) for city, (_, counties) in sorted(cities.items()) for county in counties]
    sizes_needed = list(SIZES)  # each size at least once per group cycle
    total = 216
    for n in range(1, total + 1):
        city, county = places[n % len(places)]
        group_index = n % len(by_group)
        size = sizes_needed.pop() if sizes_needed else rng.choices(SIZES, SIZE_WEIGHTS)[0]
        e, contact = enterprise(city, county, group_index, size)
        status = "pending" if n % 11 == 0 else "returned" if n % 53 == 0 else "approved"
        item = {"userName": f"ent_{'zj' if city.startswith('33') else 'ha'}_{n:03d}", "displayName": contact,
                "phone": f"1370000{n:04d}", "status": status, "enterprise": e}
        if status == "returned":
            item["returnReason"] = "营业收入与从业人数疑似填反，请核实后重新提交。"
        items.append(item)

    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"enterprises": items}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    counts = {}
    for i in items:
        counts[i["status"]] = counts.get(i["status"], 0) + 1
    print(f"wrote {len(items)} enterprises to {os.path.relpath(OUT, ROOT)}: {counts}")


if __name__ == "__main__":
    main()
