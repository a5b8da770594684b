#!/usr/bin/env python3
"""Writes the level-4 practical banks (question_banks/level4/practical-*.toml) and their images.

Run tools/make_audio.sh first. Deterministic. Review items take someone else's annotations from
scenes_l4.py (truth + named mistakes); every count, rate and rule-based selection below is computed
from the data listed here, never typed by hand.
"""
from __future__ import annotations

import math
import re
from collections import Counter

import scenes_l4 as S
from common_items import BOTH, EXAM, PRACTICE, QB, make_item, md_table, read_clips, round_half_up
from pbank import offsets, write_bank

OUT = QB / "level4"
ASSETS = OUT / "assets"
IMG = {"width": 640, "height": 480}


def item(**kw):
    return make_item(4, **kw)


REVIEW_RULES = """
**审核规则**：下列任一情况即判该条标注为**错误**——
1. 类别错误；2. 属性错误；
3. 不贴合：框（或多边形、折线）与目标实际边缘明显不符——框的任一边偏离目标可见边缘超过 5 像素，多边形漏掉或多出目标的一角，折线没有覆盖车道线全长；
4. 多标：标注了规范规定不标的对象或背景；
5. 重复：同一目标有两条标注时，贴合较差的一条判错。
**漏标**的目标没有标注编号，不在本题中选择，留到配套的修正题中补标。只选有错的编号。
"""

SPEC_VEH = """
- **标签**：`car`（小汽车）、`bus`（公交车）、`truck`（货车）。
- 框紧贴车辆的**可见部分**；远处的小车也要标。
- `occluded`：车辆有明显一部分（约 10% 以上）被其他物体挡住为 `true`；`truncated`：车辆有一部分在图像边界外为 `true`。
"""

SPEC_TLP = """
- **标签**：`traffic_light`（机动车信号灯），属性 `state` = red / yellow / green，填亮灯颜色。
- 只框灯箱外壳，不含灯杆和横臂；背对镜头、看不到灯面的信号灯不标；远处灯箱短边 ≥ 8 像素的也要标。
- 行人等其他物体不在本任务范围内，不标。
"""

SPEC_KP = """
- **标签**：`person`，17 个 COCO 关键点，顺序：0 鼻子、1 左眼、2 右眼、3 左耳、4 右耳、5 左肩、6 右肩、7 左肘、8 右肘、9 左腕、10 右腕、11 左髋、12 右髋、13 左膝、14 右膝、15 左踝、16 右踝。
- 左右指被标注者**自身**的左右（人面向镜头时，他的左侧在图像右边）；点标在关节中心（图中黑色圆点）。
- 可见性 v：2 可见；1 被物体挡住但能推断位置（标在推断位置）；0 在图像外（坐标 0, 0）。
- 每人一个紧贴可见部分的人体框。
"""

SPEC_POLY = """
- **标签**：`building`（建筑物屋顶）、`pond`（池塘）、`farmland`（耕地）。
- 沿外轮廓在每个拐角放点（矩形 4 点、L 形 6 点，斜放的建筑沿自身的 4 个角）；池塘沿岸边取点，相邻点间距不超过约 60 像素。
- 多边形闭合、不自相交；道路、草地不标。
"""

SPEC_LANE = """
- **标签**：`lane`。每条车道线一条折线，沿线的中心从图像底边画到最远可见端；虚线按一条连续的线标注；并排的双线分别标注。
- **属性**：`style` = solid / dashed；`color` = white / yellow。
"""


def _fmt_given(g):
    if "bbox" in g and "keypoints" not in g:
        a = "，".join(f"{k}={v}" for k, v in g.get("attributes", {}).items())
        return f"{g['id']}：{g['label']} {g['bbox']}" + (f"（{a}）" if a else "")
    return f"{g['id']}：{g['label']}"


def review_items(items):
    # ---- 1 vehicles
    given, wrong, gold, f = S.review_vehicles(ASSETS / "p-rev-01.svg")
    items.append(item(
        id="L4-P-REV-001", kind="select", skills=["2.2.1"], difficulty=3, use=BOTH,
        prompt="图中叠加显示的是另一位标注员的车辆标注结果（编号 a1–a6）。按标注规范和审核规则，选出所有**有错误**的标注编号。",
        spec="**原标注规范**：\n" + SPEC_VEH + "\n" + REVIEW_RULES,
        labels=["car", "bus", "truck"], attributes={"occluded": ["true", "false"], "truncated": ["true", "false"]},
        image=IMG, assets=["assets/p-rev-01.svg"], given=given, gold={"ids": wrong},
        explanation=f"""
错误的是 {'、'.join(wrong)}：
- a2：红色车是小汽车，却标成了 truck（类别错误）。
- a3：货车的框向左、向下各多出二三十像素，包进了大片路面（不贴合）。
- a4：左下角的蓝色小汽车有一部分在画面外，`truncated` 应为 true，却填了 false（属性错误）。
- a5：框住的是右侧的行道树，不是车辆（多标）。
a1（公交车，被前方红车挡住，occluded = true）和 a6 正确。另外，远处路中间的灰色小汽车没有任何标注，属于**漏标**，没有编号可选，应在配套的纠错题中补上。审核时按“类别 → 框 → 属性”逐条检查，再整体看一遍有没有漏标，就不容易遗漏。
"""))
    items.append(item(
        id="L4-P-BOX-001", kind="boxes", skills=["2.2.2"], difficulty=3, use=BOTH,
        prompt="图中叠加显示的是另一位标注员的车辆标注（`given`，编号 a1–a6），其中有错误，也有漏标。在此基础上修改、删除、补标，提交这张图**完整、正确**的车辆标注结果。",
        spec="**标注规范**：\n" + SPEC_VEH + "\n提交的是整张图的最终结果：正确的标注保留，错误的改正或删除，漏标的补上。",
        labels=["car", "bus", "truck"], attributes={"occluded": ["true", "false"], "truncated": ["true", "false"]},
        image=IMG, assets=["assets/p-rev-01.svg"], given=given, gold=gold,
        explanation=f"""
最终应有 {len(gold)} 个框：保留 a1、a6；a2 改为 car；a3 收紧到货车边缘；a4 的 truncated 改为 true；删除 a5（行道树）；补标远处的灰色小汽车 {f['missed']}。纠错后的结果要对照规范**整图复核**一遍：只改自己挑出的错误而不补漏标，结果仍然不完整。
"""))
    # ---- 2 traffic lights
    given, wrong, gold, f = S.review_lights(ASSETS / "p-rev-02.svg")
    items.append(item(
        id="L4-P-REV-002", kind="select", skills=["2.2.1"], difficulty=3, use=BOTH,
        prompt="图中叠加显示的是另一位标注员的信号灯标注（编号 a1–a6）。选出所有**有错误**的标注编号。",
        spec="**原标注规范**：\n" + SPEC_TLP + "\n" + REVIEW_RULES,
        labels=["traffic_light"], attributes={"state": ["red", "yellow", "green"]},
        image=IMG, assets=["assets/p-rev-02.svg"], given=given, gold={"ids": wrong},
        explanation=f"""
错误的是 {'、'.join(wrong)}：
- a2：横向信号灯亮的是红灯，`state` 却填了 green（属性错误）。
- a3：竖向黄灯的框向下多出约 70 像素，框进了大片天空（不贴合）。
- a4：右侧灰色灯箱是背对镜头的信号灯，规范规定不标（多标）。
- a6：与 a1 框的是同一个绿灯，而且比 a1 小一圈、切掉了灯箱边缘，是贴合较差的重复标注。
a1、a5 正确。远处矮杆上的小红灯（{f['missed']}）没有标注，是漏标，在配套的纠错题中补上。街上的行人不在本任务的标注范围内，没有标注是对的。
"""))
    items.append(item(
        id="L4-P-BOX-002", kind="boxes", skills=["2.2.2"], difficulty=3, use=BOTH,
        prompt="图中叠加显示的是另一位标注员的信号灯标注（`given`，编号 a1–a6），其中有错误，也有漏标。在此基础上修改、删除、补标，提交这张图完整、正确的信号灯标注。",
        spec="**标注规范**：\n" + SPEC_TLP + "\n提交整张图的最终结果：正确的保留，错误的改正或删除，漏标的补上。",
        labels=["traffic_light"], attributes={"state": ["red", "yellow", "green"]},
        image=IMG, assets=["assets/p-rev-02.svg"], given=given, gold=gold,
        explanation=f"""
最终应有 {len(gold)} 个信号灯：保留 a1、a5；a2 的 state 改为 red；a3 收紧到灯箱下沿；删除 a4（背面灯箱）和 a6（重复）；补标远处的小红灯 {f['missed']}。改完后数一数：图中朝向镜头的信号灯共 {len(gold)} 个，与结果数量一致才提交。
"""))
    # ---- 3 keypoints
    given, wrong, gold, _ = S.review_keypoints(ASSETS / "p-rev-03.svg")
    items.append(item(
        id="L4-P-REV-003", kind="select", skills=["2.2.1"], difficulty=4, use=BOTH,
        prompt="下面 5 个人的关键点由另一位标注员完成（编号 a1–a5，每个编号是一个人的 17 个关键点和人体框，见 `given`）。选出关键点**有错误**的人的编号。",
        spec="**原标注规范**：\n" + SPEC_KP + "\n**审核规则**：一个人的 17 个点中任何一个点的位置（偏离关节中心超过约 10 像素）、左右或可见性 v 有错，该人的标注即判为错误。",
        labels=["person"], image=IMG, assets=["assets/p-rev-03.svg"], given=given, gold={"ids": wrong},
        explanation="""
错误的是 a2、a3、a4：
- a2（举起右手的人）：所有左、右点位对调了——把图像左侧的点当成了“左”。人面向镜头时，他的左侧在图像右边。
- a3：左腕（9）被点到了两腿之间的位置，离真实的手腕有五十多像素。
- a4：左踝（15）被纸箱挡住，应标 v = 1 并标在推断位置，却填成了 v = 0（0 只用于图像外的点）。
a1、a5 正确（a5 的左臂向外张开，点位都在关节上）。关键点审核要逐人、逐点对照，特别是左右和可见性这两类“看起来都对”的错误。
"""))
    items.append(item(
        id="L4-P-KPT-001", kind="keypoints", skills=["2.2.2"], difficulty=4, use=BOTH,
        prompt="图中 5 个人的关键点已由另一位标注员完成（`given`，编号 a1–a5），其中有错误。纠正后提交 5 个人完整、正确的关键点和人体框。",
        spec="**标注规范**：\n" + SPEC_KP, labels=["person"], image=IMG, assets=["assets/p-rev-03.svg"], given=given,
        gold=gold,
        explanation="""
a1、a5 原样保留；a2 把每一对左右点交换回来；a3 把左腕移回左前臂末端的关节圆点；a4 的左踝改为 v = 1，位置推断在纸箱后、与右踝同一高度、顺着左小腿方向的地方。评分用 OKS：左右对调会使该人所有成对的点都变成远距离错误，而推断的被遮挡点只要在合理位置附近就能得到大部分分数。
"""))
    # ---- 4 polygons
    given, wrong, gold, _ = S.review_polygons(ASSETS / "p-rev-04.svg")
    items.append(item(
        id="L4-P-REV-004", kind="select", skills=["2.2.1"], difficulty=3, use=PRACTICE,
        prompt="航拍图上叠加的是另一位标注员的多边形标注（编号 a1–a5，见 `given`）。选出**有错误**的标注编号。",
        spec="**原标注规范**：\n" + SPEC_POLY + "\n" + REVIEW_RULES,
        labels=["building", "pond", "farmland"], image=IMG, assets=["assets/p-rev-04.svg"], given=given,
        gold={"ids": wrong},
        explanation="""
错误的是 a2、a3、a5：
- a2：L 形屋顶被画成了外接矩形，多出右下角一大块空地（应为 6 个点）。
- a3：池塘被标成了 building（类别错误）。
- a5：斜放的小屋顶形状对，但整个多边形向右下偏移了约 30 像素（不贴合）。
a1 和 a4（耕地）正确。审核多边形时把标注与图像逐个比对轮廓的每个拐角，偏移和形状错误一眼就能看出。
"""))
    items.append(item(
        id="L4-P-POLY-001", kind="polygons", skills=["2.2.2"], difficulty=3, use=PRACTICE,
        prompt="航拍图上叠加的是另一位标注员的多边形标注（`given`，编号 a1–a5），其中有错误。纠正后提交这张图完整、正确的多边形标注。",
        spec="**标注规范**：\n" + SPEC_POLY, labels=["building", "pond", "farmland"], image=IMG,
        assets=["assets/p-rev-04.svg"], given=given, gold=gold,
        explanation="""
保留 a1、a4；a2 改为沿 L 形的 6 个拐角；a3 的类别改为 pond；a5 整体移回屋顶上（沿其 4 个角）。共 5 个多边形。多边形按面积交并比评分，偏移 30 像素的小屋顶交并比已低于 0.5，会被判为不匹配，所以必须移回原位而不是“差不多”。
"""))
    # ---- 5 lanes
    given, wrong, gold, _ = S.review_lanes(ASSETS / "p-rev-05.svg")
    items.append(item(
        id="L4-P-REV-005", kind="select", skills=["2.2.1"], difficulty=3, use=BOTH,
        prompt="车道线标注结果已叠加在图上（编号 a1–a5，见 `given`，附属性）。选出**有错误**的标注编号。",
        spec="**原标注规范**：\n" + SPEC_LANE + "\n" + REVIEW_RULES,
        labels=["lane"], attributes={"style": ["solid", "dashed"], "color": ["white", "yellow"]}, image=IMG,
        assets=["assets/p-rev-05.svg"], given=given, gold={"ids": wrong},
        explanation="""
错误的是 a2、a4、a5：
- a2：双黄线中的右边一条，颜色填成了 white（属性错误）。
- a4：右侧白色虚线只标到一半就停了，没有覆盖到最远的一段（不贴合）。
- a5：最右侧是实线，`style` 却填成 dashed（属性错误）。
a1、a3 正确。车道线属性直接影响自动驾驶的决策（实线不可变道、黄线分隔对向车流），属性错误和位置错误同样严重。
"""))
    items.append(item(
        id="L4-P-LINE-001", kind="polylines", skills=["2.2.2"], difficulty=3, use=BOTH,
        prompt="图上叠加的是另一位标注员的车道线标注（`given`，编号 a1–a5，附属性），其中有错误。纠正后提交这张图完整、正确的车道线标注。",
        spec="**标注规范**：\n" + SPEC_LANE, labels=["lane"],
        attributes={"style": ["solid", "dashed"], "color": ["white", "yellow"]}, image=IMG,
        assets=["assets/p-rev-05.svg"], given=given, gold=gold,
        explanation="""
a1、a3 保留；a2 的 color 改为 yellow；a4 的远端延长到最远一段虚线的末端；a5 的 style 改为 solid。共 5 条线。只标到一半的折线与金标准按长度重采样比较时，后半段的点全部偏离，相似度会低于合格线，所以必须补全长度。
"""))


# ============================================================================================ text QA
def text_qa_items(items):
    sent = [("e1", "正面", "这款吸尘器吸力很强，就是噪音有点大，总体满意。", "正面"),
            ("e2", "正面", "客服回复很快，可惜问题到现在也没解决，差评。", "负面"),
            ("e3", "负面", "物流三天到，包装完好。", "中性"),
            ("e4", "负面", "质量太差了，用一次就坏。", "负面"),
            ("e5", "中性", "“真是好产品”，买回来就打不开机。", "负面"),
            ("e6", "正面", "孩子很喜欢，已经推荐给同事了。", "正面"),
            ("e7", "中性", "请问能开发票吗？", "中性"),
            ("e8", "负面", "价格比别家贵一点，但是品质确实好，值得。", "正面"),
            ("e9", "正面", "颜色和图片一样，尺码也标准，很满意。", "正面"),
            ("e10", "中性", "退款流程太麻烦了，再也不买了。", "负面")]
    wrong = [i for i, g, _, t in sent if g != t]
    spec_s = """
**标注规范**：标签 `正面` / `负面` / `中性`；有褒有贬时以整体结论为准，转折句以转折后为主；反话按真实态度；只陈述事实、提问、未使用 → 中性。
"""
    items.append(item(
        id="L4-P-TQA-001", kind="select", skills=["2.2.1"], difficulty=2, use=BOTH,
        prompt="下面是一批评论的情感标注结果，【】内为标注员给出的标签。按标注规范审核，选出标签**错误**的条目。",
        spec=spec_s, entries=[{"id": i, "text": f"【{g}】{t}"} for i, g, t, _ in sent], gold={"ids": wrong},
        explanation=f"""
标签错误的是 {'、'.join(wrong)}：e2 “可惜”之后是否定且结论为差评，应为负面；e3 只陈述物流和包装，应为中性；e5 引号里的“真是好产品”是反话，应为负面；e8 转折后肯定品质、结论“值得”，应为正面；e10 明确表达不满，应为负面。审核文本标签时，先自己独立判断，再与原标签比对；不要被原标签“先入为主”。
"""))
    items.append(item(
        id="L4-P-CLS-001", kind="classify", skills=["2.2.2"], difficulty=2, use=PRACTICE,
        prompt="下面这批评论的情感标注经审核发现有错误。按规范为每条评论给出正确的情感标签（原标注正确的保留，错误的改正）。",
        spec=spec_s, labels=["正面", "负面", "中性"], entries=[{"id": i, "text": f"（原标注：{g}）{t}"} for i, g, t, _ in sent],
        gold={"labels": {i: t for i, _, _, t in sent}},
        explanation="""
e1、e4、e6、e7、e9 原标签正确，保留；e2、e5、e10 改为负面；e3 改为中性；e8 改为正面。纠错后最好统计一下各类别数量，与原结果对比，记入审核报告（本批原标注 10 条错 5 条，正确率仅 50%，需要退回并对标注员做规范培训）。
"""))
    intents = [("e1", "查询余额", "我卡里还剩多少钱？", "查询余额"),
               ("e2", "投诉建议", "卡丢了，麻烦帮我冻结一下。", "挂失补卡"),
               ("e3", "转账汇款", "给张三转两千块。", "转账汇款"),
               ("e4", "其他", "你们排队太慢了，希望多开几个窗口。", "投诉建议"),
               ("e5", "查询余额", "跨行转账要多久到账？", "转账汇款"),
               ("e6", "挂失补卡", "卡片磁条坏了，想换张新卡。", "挂失补卡"),
               ("e7", "其他", "周末网点营业吗？", "其他"),
               ("e8", "转账汇款", "上个月的工资到账了吗？帮我看看余额。", "查询余额")]
    wrong = [i for i, g, _, t in intents if g != t]
    items.append(item(
        id="L4-P-TQA-002", kind="select", skills=["2.2.1"], difficulty=2, use=BOTH,
        prompt="银行客服语料的意图标注结果如下，【】内为标注员给出的意图。选出意图标注**错误**的条目。",
        spec="""
**标注规范**：意图 `查询余额`、`转账汇款`、`挂失补卡`、`投诉建议`、`其他`。按用户想办理或咨询的业务归类；咨询某业务的规则、时效、费用也归入该业务；卡片丢失、损坏、需要冻结或补办 → 挂失补卡；不满或改进意见 → 投诉建议。
""", entries=[{"id": i, "text": f"【{g}】{t}"} for i, g, t, _ in intents], gold={"ids": wrong},
        explanation=f"""
错误的是 {'、'.join(wrong)}：e2 丢卡要求冻结，是挂失补卡；e4 抱怨排队并提出建议，是投诉建议；e5 咨询转账到账时间，按规范归转账汇款；e8 “工资到账了吗”是要看余额，不是转账。意图标注的常见错误是被句中的词带偏（e8 出现“到账”就标成转账）。审核时要问一句：用户到底想办什么？
"""))
    ner_spec = """
**标注规范**：`PER` 人名（不含称谓、身份词）、`LOC` 地名（相连的多级行政区划作为一个实体）、`ORG` 机构名（含地名的机构名整体标 ORG）、`TIME` 日期时间（不含“在、于、从”等介词；日期和紧跟的时间合为一个）、`MONEY` 金额（含数字和单位）。实体边界必须完整、准确。
"""
    cases = [
        ("e1", "王强在杭州西湖区开了一家面馆。", [("王强", "PER"), ("杭州西湖区", "LOC")],
         [("王强", "PER"), ("杭州西湖区", "LOC")]),
        ("e2", "会议于3月5日上午在市政府召开。", [("于3月5日上午", "TIME"), ("市政府", "ORG")],
         [("3月5日上午", "TIME"), ("市政府", "ORG")]),
        ("e3", "浙江大学的陈教授发表了新论文。", [("浙江", "LOC"), ("陈教授", "PER")],
         [("浙江大学", "ORG"), ("陈", "PER")]),
        ("e4", "李华花了1200元买了一部手机。", [("李华", "PER"), ("1200元", "MONEY")], [("李华", "PER"), ("1200元", "MONEY")]),
        ("e5", "明天上午刘芳将从上海飞往广州。", [("刘芳", "PER"), ("上海", "LOC"), ("广州", "LOC")],
         [("明天上午", "TIME"), ("刘芳", "PER"), ("上海", "LOC"), ("广州", "LOC")]),
        ("e6", "中国人民银行发布了新规定。", [("中国人民银行", "LOC")], [("中国人民银行", "ORG")]),
        ("e7", "张明和赵丽去年在成都结婚。", [("张明", "PER"), ("赵丽", "PER"), ("去年", "TIME"), ("成都", "LOC")],
         [("张明", "PER"), ("赵丽", "PER"), ("去年", "TIME"), ("成都", "LOC")]),
    ]
    ents, wrong = [], []
    for i, text, given, truth in cases:
        gs, ts = offsets(text, given), offsets(text, truth)
        shown = "；".join(f"[{text[g['start']:g['end']]}/{g['label']}]" for g in gs)
        ents.append({"id": i, "text": f"{text}　标注：{shown}"})
        if gs != ts:
            wrong.append(i)
    items.append(item(
        id="L4-P-TQA-003", kind="select", skills=["2.2.1"], difficulty=3, use=BOTH,
        prompt="下面每条句子后面是标注员给出的实体标注（[实体/类型]）。选出标注**有错误**（边界错、类型错、漏标或多标任一种）的句子。",
        spec=ner_spec, entries=ents, gold={"ids": wrong},
        explanation=f"""
有错误的是 {'、'.join(wrong)}：
- e2：TIME 把介词“于”也包含进去了，边界错误（应为“3月5日上午”）。
- e3：“浙江大学”是机构，应整体标 ORG，不应只标“浙江”为 LOC；人名应为“陈”，“教授”是称谓，不应包含在内。
- e5：漏标了“明天上午”（TIME）。
- e6：“中国人民银行”是机构，类型应为 ORG，不是 LOC。
e1、e4、e7 正确（e1 的“杭州西湖区”按规范合为一个 LOC）。
"""))
    seg = [("e1", "研究生/命/的/起源", "研究/生命/的/起源"), ("e2", "他/从/小学/电脑/技术", "他/从小/学/电脑/技术"),
           ("e3", "王小明/在/北京大学/读书", "王小明/在/北京大学/读书"), ("e4", "我/买/了/三/本/书", "我/买/了/三/本/书"),
           ("e5", "结婚/的/和尚/未/结婚/的", "结婚/的/和/尚未/结婚/的"), ("e6", "李/娜/是/一/名/医生", "李娜/是/一/名/医生"),
           ("e7", "他/说/的确/实在/理", "他/说/的/确实/在理"), ("e8", "今天/天气/很/好", "今天/天气/很/好"),
           ("e9", "请/把/文件/发/给/我", "请/把/文件/发/给/我"), ("e10", "人工智能/训练师/需要/细心", "人工智能/训练师/需要/细心")]
    for _, a, b in seg:
        assert a.replace("/", "") == b.replace("/", "")
    wrong = [i for i, a, b in seg if a != b]
    items.append(item(
        id="L4-P-TQA-004", kind="select", skills=["2.2.1"], difficulty=3, use=BOTH,
        prompt="下面是一批中文分词标注结果（“/”为词的分隔）。按分词规范审核，选出分词**有错误**的句子。",
        spec="""
**分词规范**（本项目）：
1. 按句子的**实际语义**切分，切分后的词连起来要能正确表达原句意思；
2. 人名（姓 + 名）作为一个词，不拆开；机构名、常用专有名词作为一个词（如“北京大学”“人工智能”）；
3. 数词与量词分开（“三/本”“一/名”）；动态助词“了”单独成词；
4. 词典中的常用词不拆开（如“今天”“天气”“确实”）。
""", entries=[{"id": i, "text": a} for i, a, _ in seg], gold={"ids": wrong},
        explanation=f"""
有错误的是 {'、'.join(wrong)}：
- e1 应为“研究/生命/的/起源”（研究的是生命，不是“研究生”）；
- e2 应为“他/从小/学/电脑/技术”（“从小”表示时间）；
- e5 应为“结婚/的/和/尚未/结婚/的”（这里没有“和尚”）；
- e6 人名“李娜”不能拆开；
- e7 应为“他/说/的/确实/在理”。
这些都是典型的**歧义切分**：局部看每个词都成立，但连起来意思不通。审核分词时要把切分结果读一遍，看是否符合句意。
"""))
    stop = {"的", "了", "是", "我们", "一个", "这个", "非常", "进行"}
    kw = [("e1", "新能源汽车销量持续增长，充电桩建设加快，电池成本下降。", ["新能源汽车", "充电桩", "电池成本"]),
          ("e2", "智能手机市场竞争激烈，折叠屏成为新的卖点。", ["智能手机", "折叠屏", "非常"]),
          ("e3", "城市垃圾分类推行三年，居民参与率明显提高。", ["垃圾分类", "居民参与率", "环境保护"]),
          ("e4", "暴雨导致多条地铁线路停运，交通部门发布出行提示。", ["暴雨", "地铁线路", "出行提示"]),
          ("e5", "人工智能训练师需要掌握数据标注和质量审核技能。", ["人工智能训练师", "数据标注", "数据标注"]),
          ("e6", "高校毕业生就业形势总体稳定，灵活就业比例上升。", ["高校毕业生", "灵活就业"]),
          ("e7", "冬季流感高发，医生建议接种疫苗并勤洗手。", ["流感", "接种疫苗", "勤洗手"])]

    def kw_bad(text, ks):
        return len(ks) != 3 or len(set(ks)) != 3 or any(k in stop or k not in text for k in ks)

    wrong = [i for i, t, ks in kw if kw_bad(t, ks)]
    items.append(item(
        id="L4-P-TQA-005", kind="select", skills=["2.2.1"], difficulty=2, use=PRACTICE,
        prompt="下面是一批新闻摘要的关键词标注结果（“关键词”后为标注员给出的 3 个关键词）。选出**不符合**关键词规范的条目。",
        spec=f"""
**关键词规范**：每条恰好 3 个关键词；关键词必须是原文中**原样出现**的词或短语；3 个关键词互不重复；不得使用停用词（{'、'.join(sorted(stop))} 等）。
""", entries=[{"id": i, "text": f"{t}　关键词：{'、'.join(ks)}"} for i, t, ks in kw], gold={"ids": wrong},
        explanation=f"""
不符合规范的是 {'、'.join(wrong)}：e2 的“非常”是停用词，而且原文中没有出现；e3 的“环境保护”原文没有出现（即使意思相关，也不符合“原样出现”的要求）；e5 “数据标注”重复了两次；e6 只有 2 个关键词。关键词规范是可逐条核对的硬性规则，审核时按规则逐项打勾，比凭感觉判断“关键词好不好”更可靠、更一致。
"""))
    # NER correction
    text = "2024年5月20日，周丽在宁波市鄞州区人民医院做了体检，花费680元。"
    prev = [("2024年5月20日", "TIME"), ("周丽在", "PER"), ("宁波市鄞州区", "LOC"), ("680", "MONEY")]
    truth = [("2024年5月20日", "TIME"), ("周丽", "PER"), ("宁波市鄞州区人民医院", "ORG"), ("680元", "MONEY")]
    prev_sp = offsets(text, prev)
    gold = offsets(text, truth)
    items.append(item(
        id="L4-P-NER-001", kind="spans", skills=["2.2.2"], difficulty=3, use=BOTH,
        prompt="这条文本已由标注员标注，原结果为："
               + "；".join(f"[{text[g['start']:g['end']]}/{g['label']}]" for g in prev_sp)
               + "。审核发现其中有错误。按规范对这条文本重新给出**完整、正确**的实体标注。",
        spec=ner_spec, labels=["PER", "LOC", "ORG", "TIME", "MONEY"], text=text, gold=gold,
        explanation="""
需要纠正三处：人名多选了介词“在”，应为“周丽”；“宁波市鄞州区人民医院”是机构全称，应整体标 ORG，而不是只标地名部分为 LOC；金额漏了单位，应为“680元”。TIME 原标注正确，保留。纠正后正确结果共 4 个实体。spans 评分要求起点、终点、类型完全一致，边界差一个字就算错。
"""))


# ============================================================================================ data definition
def definition_items(items):
    cols = [("c1", "user_id：U000123、U000124、U000125", "标识符"), ("c2", "身高_cm：172.5、160.2、181.0", "数值型-连续"),
            ("c3", "购买件数：1、3、2、5", "数值型-离散"), ("c4", "学历：初中、高中、本科、硕士", "类别型-有序"),
            ("c5", "城市：杭州、上海、广州", "类别型-无序"), ("c6", "评论内容：物流很快，包装完好……", "文本型"),
            ("c7", "下单时间：2024-06-01 10:23:15", "时间型"), ("c8", "会员等级：普通、白银、黄金、钻石", "类别型-有序"),
            ("c9", "订单号：202406010001、202406010002", "标识符"), ("c10", "血型：A、B、AB、O", "类别型-无序"),
            ("c11", "体温_℃：36.6、37.2、38.1", "数值型-连续"), ("c12", "页面点击次数：0、5、12", "数值型-离散")]
    labs = ["数值型-连续", "数值型-离散", "类别型-无序", "类别型-有序", "文本型", "时间型", "标识符"]
    items.append(item(
        id="L4-P-DEF-001", kind="classify", skills=["2.1.3"], difficulty=3, use=BOTH,
        prompt="为一份电商用户数据集编写数据字典：根据每个字段的示例值，定义它的数据类型。",
        spec="""
- **数值型-连续**：可取区间内任意值的测量量（身高、温度、金额等），可做加减和平均；
- **数值型-离散**：只能取整数的计数（件数、次数）；
- **类别型-无序**：有限个类别，类别之间没有大小顺序；
- **类别型-有序**：有限个类别，类别之间有明确的等级顺序；
- **文本型**：自由书写的文字；**时间型**：日期或时间点；
- **标识符**：用来唯一标识一条记录或一个对象的编号，即使全由数字组成也不参与数值计算。
""", labels=labs, entries=[{"id": i, "text": t} for i, t, _ in cols], gold={"labels": {i: l for i, _, l in cols}},
        explanation="""
- c9 订单号全是数字，但求和、求平均毫无意义，它的作用是标识订单 → 标识符。
- c4 学历、c8 会员等级有高低顺序 → 有序类别；c5 城市、c10 血型没有顺序 → 无序类别。
- c3、c12 是计数，只能取整数 → 离散；c2、c11 是测量值 → 连续。
数据类型决定后续处理方法：有序类别可以编码成 1、2、3…，无序类别通常用独热编码；误把标识符当数值特征，会让模型学到无意义的规律。
"""))
    vals = [("v1", "北京市", "北京"), ("v2", "Beijing", "北京"), ("v3", "京", "北京"), ("v4", "上海市", "上海"),
            ("v5", "沪", "上海"), ("v6", "SHANGHAI", "上海"), ("v7", "羊城", "广州"), ("v8", "广州市", "广州"),
            ("v9", "Guangzhou", "广州"), ("v10", "深圳", "深圳"), ("v11", "鹏城", "深圳"), ("v12", "shen zhen", "深圳"),
            ("v13", "申", "上海"), ("v14", "穗", "广州")]
    items.append(item(
        id="L4-P-DEF-002", kind="classify", skills=["2.1.3"], difficulty=3, use=BOTH,
        prompt="多个渠道汇总来的“城市”字段写法五花八门。按数据定义，把每种写法映射到标准城市名称。",
        spec="""
**数据定义**：城市字段只允许 4 个标准值：`北京`、`上海`、`广州`、`深圳`。全称（带“市”）、英文或拼音（不区分大小写和空格）、简称、常用别称，都映射到对应的标准值。
""", labels=["北京", "上海", "广州", "深圳"], entries=[{"id": i, "text": t} for i, t, _ in vals],
        gold={"labels": {i: l for i, _, l in vals}},
        explanation="""
- 简称：京 → 北京，沪 → 上海，穗 → 广州；
- 别称：申 → 上海（上海简称“沪”，又称“申”），羊城、穗 → 广州，鹏城 → 深圳；
- 英文或拼音不区分大小写和空格：SHANGHAI、shen zhen 也都能对应。
统一取值是数据定义的核心工作：同一个城市如果有 4 种写法，统计时就会被当成 4 个城市。映射表应写进数据处理规范，并在入库时自动执行。
"""))
    prods = [("e1", "【官方旗舰】5G全网通 8+256G 曲面屏 拍照手机", "手机数码"), ("e2", "家用静音变频 1.5匹 冷暖空调挂机", "家用电器"),
             ("e3", "春秋款男士休闲夹克外套 加大码", "服装鞋帽"), ("e4", "云南小粒咖啡豆 500g 中度烘焙", "食品饮料"),
             ("e5", "保湿补水面霜 50ml 敏感肌可用", "美妆个护"), ("e6", "无线蓝牙降噪耳机 超长续航", "手机数码"),
             ("e7", "声波电动牙刷 成人款 软毛 充电式", "美妆个护"), ("e8", "儿童运动鞋 防滑透气 魔术贴", "服装鞋帽"),
             ("e9", "智能扫地机器人 自动回充 大吸力", "家用电器"), ("e10", "手机壳 透明防摔 多型号可选", "手机数码"),
             ("e11", "低糖燕麦饼干 独立小包装 整箱", "食品饮料"), ("e12", "电吹风 负离子 大功率 速干", "美妆个护")]
    items.append(item(
        id="L4-P-DEF-003", kind="classify", skills=["2.1.2"], difficulty=2, use=BOTH,
        prompt="商品库中的商品标题杂乱、没有类目。根据标题中的特征，把商品归入类目。",
        spec="""
- **类目**：`手机数码`（手机、耳机、手机配件等）、`家用电器`（空调、冰箱、扫地机器人等家居电器）、`服装鞋帽`、`食品饮料`、`美妆个护`（护肤、彩妆、洗护用品和**个人护理电器**：电动牙刷、电吹风、剃须刀等）。
- 按商品本身归类，忽略“官方旗舰”“包邮”等营销词。
""", labels=["手机数码", "家用电器", "服装鞋帽", "食品饮料", "美妆个护"],
        entries=[{"id": i, "text": t} for i, t, _ in prods], gold={"labels": {i: l for i, _, l in prods}},
        explanation="""
- e7 电动牙刷、e12 电吹风虽然插电，但规范把个人护理电器归入美妆个护，不归家用电器。
- e10 手机壳是手机配件 → 手机数码；e6 蓝牙耳机 → 手机数码。
- e1 中的“官方旗舰”是营销词，商品本身是手机。
归类前先看规范对“边界商品”的定义，是避免不同标注员口径不一的关键。
"""))
    files = ["IMG_001.JPG", "img_002.jpeg", "scan-03.Png", "rec_01.WAV", "rec_02.mp3", "note.TXT", "IMG_004.jpg",
             "rec_03.wav", "report.docx", "photo5.PNG", "voice_7.M4A", "readme.txt", "IMG_006.jpg", "clip_01.mp4",
             "rec_04.Wav", "data.csv", "img_007.JPEG", "VID_02.MOV"]
    kind = {"jpg": "图像", "jpeg": "图像", "png": "图像", "wav": "音频", "mp3": "音频", "m4a": "音频", "txt": "文本",
            "docx": "文本", "mp4": "视频", "mov": "视频", "csv": "表格"}
    c = Counter(kind[f.rsplit(".", 1)[1].lower()] for f in files)
    items.append(item(
        id="L4-P-DEF-004", kind="table", skills=["2.1.2"], difficulty=2, use=BOTH,
        prompt="某项目目录中的文件扩展名大小写混乱。按数据类型归类后统计各类文件数量：\n\n```\n" + "\n".join(files) + "\n```",
        spec="扩展名**不区分大小写**（.JPG 与 .jpg 相同）。图像：jpg/jpeg/png；音频：wav/mp3/m4a；视频：mp4/mov；文本：txt/docx；表格：csv。",
        fields=[{"key": "image", "label": "图像"}, {"key": "audio", "label": "音频"}, {"key": "video", "label": "视频"},
                {"key": "text", "label": "文本"}, {"key": "table", "label": "表格"}, {"key": "total", "label": "合计"}],
        gold={"cells": {"image": c["图像"], "audio": c["音频"], "video": c["视频"], "text": c["文本"], "table": c["表格"],
                        "total": len(files)}},
        explanation=f"""
图像 {c['图像']}、音频 {c['音频']}、视频 {c['视频']}、文本 {c['文本']}、表格 {c['表格']}，合计 {len(files)}。如果按扩展名“原样”分组，.JPG、.jpg、.JPEG、.jpeg 会被分成 4 组，统计结果就错了。整理杂乱数据时，第一步往往是**统一格式**（如全部转小写），再做归类和统计；在 Excel 中可先用 LOWER 函数处理再用 COUNTIF 计数。
"""))
    pts = [("p1", 1, 2), ("p2", 2, 1), ("p3", 2, 3), ("p4", 8, 8), ("p5", 9, 7), ("p6", 7, 9), ("p7", 1, 9),
           ("p8", 2, 8), ("p9", 3, 9), ("p10", 5, 3)]
    cents = {"C1": (2, 2), "C2": (8, 8), "C3": (2, 9)}

    def nearest(x, y):
        d = sorted((math.dist((x, y), c), k) for k, c in cents.items())
        assert d[0][0] != d[1][0], "tie"
        return d[0][1]

    assign = {p: nearest(x, y) for p, x, y in pts}
    rows = [(p, x, y) for p, x, y in pts]
    items.append(item(
        id="L4-P-DEF-005", kind="classify", skills=["2.1.1"], difficulty=3, use=BOTH,
        prompt=f"""
用 K-Means 聚类分析一批二维数据（K = 3）。初始聚类中心为 C1 (2, 2)、C2 (8, 8)、C3 (2, 9)。完成**第一次迭代的分配步骤**：把每个点分给离它最近（欧氏距离）的中心。

{md_table(["点", "x", "y"], rows)}
""", spec="按欧氏距离 √((x₁−x₂)² + (y₁−y₂)²) 计算每个点到三个中心的距离，分给距离最小的中心。",
        labels=["C1", "C2", "C3"], entries=[{"id": p, "text": f"{p} ({x}, {y})"} for p, x, y in pts],
        gold={"labels": assign},
        explanation=f"""
分配结果：C1 = {{{', '.join(p for p in assign if assign[p] == 'C1')}}}，C2 = {{{', '.join(p for p in assign if assign[p] == 'C2')}}}，C3 = {{{', '.join(p for p in assign if assign[p] == 'C3')}}}。
p10 (5, 3) 最需要计算：到 C1 距离 √(9+1) ≈ 3.16，到 C2 √(9+25) ≈ 5.83，到 C3 √(9+36) ≈ 6.71，所以分给 C1。
K-Means 就是反复执行“分配 → 更新中心”两步，直到分配不再变化；它能从杂乱数据中找出内在的分组结构。
"""))
    newc = {}
    for k in cents:
        mem = [(x, y) for p, x, y in pts if assign[p] == k]
        newc[k] = (round_half_up(sum(x for x, _ in mem) / len(mem), 2), round_half_up(sum(y for _, y in mem) / len(mem), 2))
    items.append(item(
        id="L4-P-DEF-006", kind="table", skills=["2.1.1"], difficulty=3, use=PRACTICE,
        prompt=f"""
K-Means 聚类（K = 3），初始中心 C1 (2, 2)、C2 (8, 8)、C3 (2, 9)，数据点如下。完成第一次迭代后，计算**更新后的三个聚类中心**。

{md_table(["点", "x", "y"], rows)}
""", spec="先把每个点分给最近的中心，再用每组点的坐标平均值作为新中心。结果保留 2 位小数（四舍五入）。",
        fields=[{"key": "c1x", "label": "新 C1 的 x"}, {"key": "c1y", "label": "新 C1 的 y"},
                {"key": "c2x", "label": "新 C2 的 x"}, {"key": "c2y", "label": "新 C2 的 y"},
                {"key": "c3x", "label": "新 C3 的 x"}, {"key": "c3y", "label": "新 C3 的 y"}],
        gold={"cells": {"c1x": newc["C1"][0], "c1y": newc["C1"][1], "c2x": newc["C2"][0], "c2y": newc["C2"][1],
                        "c3x": newc["C3"][0], "c3y": newc["C3"][1]}},
        params={"tolerance": 0.01},
        explanation=f"""
C1 组为 p1、p2、p3、p10：x 平均 (1+2+2+5)/4 = {newc['C1'][0]}，y 平均 (2+1+3+3)/4 = {newc['C1'][1]}。
C2 组为 p4、p5、p6：({newc['C2'][0]}, {newc['C2'][1]})；C3 组为 p7、p8、p9：({newc['C3'][0]}, {newc['C3'][1]})。离群的 p10 把 C1 的中心向右拉到了 x = {newc['C1'][0]}——K-Means 用平均值，对离群点敏感，分析数据时要留意这类点。
"""))
    recs = [(1, "张三", 28, "杭州", 5200), (2, "李四", None, "上海", 6100), (3, "王五", 35, None, 4800),
            (4, "赵六", 41, "杭州", None), (5, "钱七", 29, "广州", 7300), (6, "孙八", None, "上海", 5600),
            (7, "周九", 52, "杭州", 8900), (8, "吴十", 33, "广州", None), (9, "郑一", 26, "上海", 4500),
            (10, "王二", 38, None, 6800)]
    ages = [r[2] for r in recs if r[2] is not None]
    inc = [r[4] for r in recs if r[4] is not None]
    cities = Counter(r[3] for r in recs if r[3] is not None)
    top_n = max(cities.values())
    top_cities = "、".join(c for c, n in cities.items() if n == top_n)
    show = [tuple("（空）" if v is None else v for v in r) for r in recs]
    items.append(item(
        id="L4-P-DEF-007", kind="table", skills=["2.1.1"], difficulty=3, use=BOTH,
        prompt=f"用表格工具对下面这份杂乱的客户数据做初步分析，输出数据特征：\n\n{md_table(['编号', '姓名', '年龄', '城市', '月收入（元）'], show)}\n",
        spec="缺失值不参与平均值计算；平均值保留 1 位小数（四舍五入）。“客户数最多的城市的客户数”只统计城市不为空的记录。",
        fields=[{"key": "age_missing", "label": "年龄缺失条数"}, {"key": "city_missing", "label": "城市缺失条数"},
                {"key": "income_missing", "label": "月收入缺失条数"}, {"key": "age_mean", "label": "年龄平均值"},
                {"key": "income_max", "label": "月收入最大值"}, {"key": "top_city_n", "label": "客户数最多的城市的客户数"}],
        gold={"cells": {"age_missing": sum(1 for r in recs if r[2] is None), "city_missing": sum(1 for r in recs if r[3] is None),
                        "income_missing": sum(1 for r in recs if r[4] is None),
                        "age_mean": round_half_up(sum(ages) / len(ages), 1), "income_max": max(inc), "top_city_n": top_n}},
        params={"tolerance": 0.05},
        explanation=f"""
年龄缺 2 条、城市缺 2 条、月收入缺 2 条；年龄平均 = {sum(ages)} ÷ {len(ages)} ≈ {round_half_up(sum(ages) / len(ages), 1)}（分母是 {len(ages)} 个非空值，不是 10）；月收入最大 {max(inc)}；客户最多的城市是{top_cities}（并列），各 {top_n} 人——并列时数量仍是唯一确定的，所以表中只问数量。缺失率、均值、极值、类别分布是描述一份数据“长什么样”的基本特征，也是决定如何清洗（删除、填补）前必须先弄清的事实。
"""))


# ============================================================================================ data quality
def quality_items(items):
    users = [("u01", "陈晨", "28", "女", "13812345678", "杭州"), ("u02", "刘洋", "", "男", "13900001111", "上海"),
             ("u03", "王芳", "135", "女", "13712345678", "广州"), ("u04", "张伟", "35", "男", "1381234567", "北京"),
             ("u05", "陈晨", "28", "女", "13812345678", "杭州"), ("u06", "李静", "42", "未知", "13600002222", "深圳"),
             ("u07", "赵磊", "31", "男", "13500003333", "成都"), ("u08", "孙丽", "-3", "女", "13300004444", "南京"),
             ("u09", "周杰", "27", "男", "23800005555", "武汉"), ("u10", "吴敏", "24", "女", "13700006666", "")]
    seen = set()
    bad = []
    for r in users:
        key = (r[1], r[4])
        dup = key in seen
        seen.add(key)
        miss = any(v == "" for v in r)
        age_bad = r[2] != "" and not (r[2].lstrip("-").isdigit() and 0 <= int(r[2]) <= 120)
        sex_bad = r[3] not in ("男", "女")
        phone_bad = not re.fullmatch(r"1\d{10}", r[4])
        if dup or miss or age_bad or sex_bad or phone_bad:
            bad.append(r[0])
    items.append(item(
        id="L4-P-DQ-001", kind="select", skills=["1.1.1"], difficulty=3, use=BOTH,
        prompt="下面是预处理后的用户信息记录。按数据质量要求审核，选出**不合格**的记录。",
        spec="""
合格记录必须同时满足：
1. 所有字段非空；
2. 年龄为 0~120 的整数；
3. 性别为“男”或“女”；
4. 手机号为 11 位数字且以 1 开头；
5. 不重复：姓名和手机号都相同的记录视为重复，保留编号最小的一条，其余判为不合格。
""", entries=[{"id": r[0], "text": f"{r[0]}｜{r[1]}｜年龄 {r[2] or '（空）'}｜{r[3]}｜{r[4]}｜{r[5] or '（空）'}"} for r in users],
        gold={"ids": bad},
        explanation=f"""
不合格的是 {'、'.join(bad)}：u02 年龄为空；u03 年龄 135 超出范围；u04 手机号只有 10 位；u05 与 u01 重复；u06 性别“未知”不在允许值内；u08 年龄为负数；u09 手机号以 2 开头；u10 城市为空。审核预处理结果时，把每条规则写成可以逐项检查的条件（在 Excel 里可以用 LEN、COUNTIFS 等函数批量检查），比逐行肉眼看更可靠。
"""))
    ship = [("W001", "2.5 kg", "06-01 09:00", "06-02 15:00"), ("W002", "1800 g", "06-01 10:00", "06-03 11:00"),
            ("W003", "3.2 kg", "06-02 08:30", "06-01 18:00"), ("W004", "0.8 kg", "06-02 09:10", "06-03 10:20"),
            ("W005", "-1.5 kg", "06-02 11:00", "06-04 09:00"), ("W006", "4 斤", "06-03 14:00", "06-05 16:00"),
            ("W004", "0.8 kg", "06-02 09:10", "06-03 10:20"), ("W008", "12.0 kg", "06-03 16:00", "06-06 08:00")]
    seen = set()
    bad = []
    for i, r in enumerate(ship):
        eid = f"r{i + 1}"
        val, unit = r[1].split()
        problems = unit != "kg" or float(val) <= 0 or r[3] <= r[2] or r[0] in seen
        seen.add(r[0])
        if problems:
            bad.append(eid)
    items.append(item(
        id="L4-P-DQ-002", kind="select", skills=["1.1.1"], difficulty=3, use=BOTH,
        prompt="物流运单数据已完成单位换算和格式统一处理。审核处理结果，选出**有问题**、需要退回重处理的记录（按行号 r1–r8）。",
        spec="""
处理要求：
1. 重量一律换算为 kg，且为正数（单位不是 kg 或数值 ≤ 0 均为问题）；
2. 签收时间必须晚于发货时间（同一年份）；
3. 运单号唯一：同一运单号出现多次时，第一次出现的保留，后面的为重复记录。
""", entries=[{"id": f"r{i + 1}", "text": f"r{i + 1}｜运单 {r[0]}｜重量 {r[1]}｜发货 {r[2]}｜签收 {r[3]}"} for i, r in enumerate(ship)],
        gold={"ids": bad},
        explanation=f"""
有问题的是 {'、'.join(bad)}：r2 还是 1800 g，没有换算成 1.8 kg；r3 签收时间早于发货时间，逻辑矛盾；r5 重量为负；r6 单位是“斤”，没有换算（4 斤 = 2 kg）；r7 与 r4 运单号相同，是重复记录。“单位不一致”是合并多来源数据时最常见的问题：数值看起来正常（1800、4），但单位不同，直接参与计算会让统计结果偏差几百倍。
"""))
    imgs = [("img_001.jpg", "224×224", 3, "有", "cat"), ("img_002.jpg", "224×224", 1, "有", "dog"),
            ("img_003.jpg", "256×256", 3, "有", "cat"), ("img_004.jpg", "224×224", 3, "无", "dog"),
            ("img_005.jpg", "224×224", 3, "有", "bird"), ("img_006.jpg", "224×224", 3, "有", "Cat"),
            ("img_007.jpg", "224×224", 3, "有", "dog"), ("img_008.jpg", "224×224", 4, "有", "cat")]
    classes = {"cat", "dog", "bird"}
    bad = [f"r{i + 1}" for i, r in enumerate(imgs) if r[1] != "224×224" or r[2] != 3 or r[3] != "有" or r[4] not in classes]
    items.append(item(
        id="L4-P-DQ-003", kind="select", skills=["1.1.1"], difficulty=2, use=PRACTICE,
        prompt="图像分类数据集完成了预处理（缩放、转换颜色通道、生成标签文件）。审核预处理结果，选出**不合格**的图片记录。",
        spec="预处理要求：尺寸 224×224；3 通道（RGB）；每张图都有对应的标签文件；类别名必须是 cat、dog、bird 之一（区分大小写）。",
        entries=[{"id": f"r{i + 1}", "text": f"{r[0]}｜{r[1]}｜{r[2]} 通道｜标签文件：{r[3]}｜类别 {r[4]}"} for i, r in enumerate(imgs)],
        gold={"ids": bad},
        explanation=f"""
不合格的是 {'、'.join(bad)}：r2 是单通道灰度图；r3 尺寸 256×256，没有缩放；r4 缺少标签文件；r6 类别名写成了 “Cat”，程序会把它当成第 4 个类别；r8 有 4 个通道（带透明通道），与模型输入不符。这些问题在训练时不一定报错，却会悄悄降低模型效果，所以预处理后必须逐项审核。
"""))
    # ---- QA statistics
    n_batch, n_sample = 5000, 200
    errs = {"错标": 9, "漏标": 5, "多标": 2}
    ne = sum(errs.values())
    acc = round_half_up((n_sample - ne) / n_sample * 100, 1)
    items.append(item(
        id="L4-P-QS-001", kind="table", skills=["2.2.1"], difficulty=2, use=BOTH,
        prompt=f"""
一批 {n_batch} 张图片的标注任务完成后，质检员随机抽检了 {n_sample} 张，结果如下：错标 {errs['错标']} 张、漏标 {errs['漏标']} 张、多标 {errs['多标']} 张（每张图最多计一种错误）。项目验收标准为抽检正确率 ≥ 95%。填写审核报告中的统计数据。
""", spec="正确率 = （抽检数 − 错误数）÷ 抽检数 × 100，保留 1 位小数（四舍五入）。是否合格：合格填 1，不合格填 0。整批预计错误数 = 整批数量 × 抽检错误率，取整数。",
        fields=[{"key": "errors", "label": "抽检错误数"}, {"key": "accuracy", "label": "抽检正确率（%）"},
                {"key": "pass", "label": "是否合格（1/0）"}, {"key": "est_errors", "label": "整批预计错误数"}],
        gold={"cells": {"errors": ne, "accuracy": acc, "pass": 1 if acc >= 95 else 0,
                        "est_errors": round(n_batch * ne / n_sample)}},
        params={"tolerance": 0.05},
        explanation=f"""
错误数 = 9 + 5 + 2 = {ne}；正确率 = ({n_sample} − {ne}) ÷ {n_sample} × 100 = {acc}%，低于 95%，不合格，填 0。整批预计错误数 = {n_batch} × {ne}/{n_sample} = {round(n_batch * ne / n_sample)} 张。抽检的意义就在于用样本推断整批质量：不合格的批次应退回返工，并在报告中写明主要错误类型（本批以错标为主）。
"""))
    ann = [("A", 50, 2), ("B", 60, 6), ("C", 40, 1)]
    accs = {a: round_half_up((n - e) / n * 100, 1) for a, n, e in ann}
    tot_n = sum(n for _, n, _ in ann)
    tot_e = sum(e for _, _, e in ann)
    overall = round_half_up((tot_n - tot_e) / tot_n * 100, 1)
    items.append(item(
        id="L4-P-QS-002", kind="table", skills=["2.2.1"], difficulty=3, use=BOTH,
        prompt=f"三名标注员的抽检结果如下。计算各自的正确率、整体正确率，并统计达标人数（正确率 ≥ 95% 为达标）。\n\n{md_table(['标注员', '抽检条数', '错误条数'], ann)}\n",
        spec="正确率 = （抽检条数 − 错误条数）÷ 抽检条数 × 100，保留 1 位小数（四舍五入）。整体正确率用三人**合计**的条数计算。",
        fields=[{"key": "acc_a", "label": "A 的正确率（%）"}, {"key": "acc_b", "label": "B 的正确率（%）"},
                {"key": "acc_c", "label": "C 的正确率（%）"}, {"key": "overall", "label": "整体正确率（%）"},
                {"key": "n_pass", "label": "达标人数"}],
        gold={"cells": {"acc_a": accs["A"], "acc_b": accs["B"], "acc_c": accs["C"], "overall": overall,
                        "n_pass": sum(1 for v in accs.values() if v >= 95)}},
        params={"tolerance": 0.05},
        explanation=f"""
A = 48/50 = {accs['A']}%，B = 54/60 = {accs['B']}%，C = 39/40 = {accs['C']}%；整体 = ({tot_n} − {tot_e}) ÷ {tot_n} = {overall}%。达标 2 人（A、C）。整体正确率不能用三个百分数简单平均（(96 + 90 + 97.5) ÷ 3 = 94.5），因为三人抽检条数不同；要用合计条数计算。B 的问题需要单独反馈和复训。
"""))
    gold_n, ans_n, tp, mis = 120, 118, 108, 4
    fn, fp = gold_n - tp - mis, ans_n - tp - mis
    items.append(item(
        id="L4-P-QS-003", kind="table", skills=["2.2.1"], difficulty=4, use=BOTH,
        prompt=f"""
对一批车辆检测标注做完整性和准确性审核：按审核员标定的结果，图中实际应标的目标共 {gold_n} 个；标注员共画了 {ans_n} 个框。逐一比对后：框的位置和类别都正确的 {tp} 个；位置对但类别错的 {mis} 个；其余为漏标（应标未标）或多标（不应标却标了）。
""", spec="""
- 漏标数 = 应标目标数 − 正确数 − 类别错误数；多标数 = 标注框数 − 正确数 − 类别错误数。
- 精确率 = 正确数 ÷ 标注框数 × 100；召回率 = 正确数 ÷ 应标目标数 × 100。百分数保留 1 位小数（四舍五入）。
""", fields=[{"key": "fn", "label": "漏标数"}, {"key": "fp", "label": "多标数"},
                 {"key": "precision", "label": "精确率（%）"}, {"key": "recall", "label": "召回率（%）"}],
        gold={"cells": {"fn": fn, "fp": fp, "precision": round_half_up(tp / ans_n * 100, 1),
                        "recall": round_half_up(tp / gold_n * 100, 1)}},
        params={"tolerance": 0.05},
        explanation=f"""
漏标 = {gold_n} − {tp} − {mis} = {fn}；多标 = {ans_n} − {tp} − {mis} = {fp}。精确率 = {tp}/{ans_n} ≈ {round_half_up(tp / ans_n * 100, 1)}%，召回率 = {tp}/{gold_n} = {round_half_up(tp / gold_n * 100, 1)}%。精确率反映“标出来的有多少是对的”（准确性），召回率反映“该标的有多少标出来了”（完整性）。审核报告应同时给出两者：只看精确率会掩盖漏标问题。
"""))
    # ---- screening
    samples = [("s01", "合格", "—"), ("s02", "不合格：类别错误", "已修正，复审通过"), ("s03", "不合格：框不贴合", "未修正"),
               ("s04", "合格", "—"), ("s05", "存疑：图像模糊无法判断", "—"), ("s06", "不合格：漏标", "已修正，复审未通过"),
               ("s07", "合格", "—"), ("s08", "不合格：属性错误", "已修正，复审通过"), ("s09", "存疑：规范未覆盖的新类别", "—"),
               ("s10", "合格", "—")]

    def drop(s):
        return s[1].startswith("存疑") or (s[1].startswith("不合格") and s[2] != "已修正，复审通过")

    items.append(item(
        id="L4-P-SCR-001", kind="select", skills=["2.2.3"], difficulty=2, use=BOTH,
        prompt="根据审核结果筛选数据：选出**不能**进入本期训练集的样本。",
        spec="""
筛选规则：
1. 审核合格的样本进入训练集；
2. 不合格样本只有在**修正后复审通过**时才能进入训练集；未修正或复审未通过的不进入；
3. 存疑样本先不进入训练集，移入“待定”目录，提交规范负责人确认。
""", entries=[{"id": s[0], "text": f"{s[0]}｜审核结论：{s[1]}｜处理情况：{s[2]}"} for s in samples],
        gold={"ids": [s[0] for s in samples if drop(s)]},
        explanation=f"""
不能进入的是 {'、'.join(s[0] for s in samples if drop(s))}：s03 未修正；s06 复审未通过；s05、s09 是存疑样本，按规则暂不使用。s02、s08 虽然最初不合格，但已修正并复审通过，可以进入。存疑样本不要“猜一个标签”放进训练集，也不要直接删除：规范未覆盖的情况（s09）往往说明规范需要补充。
"""))
    batches = [("B01", 500, 496, 0), ("B02", 500, 488, 0), ("B03", 300, 297, 1), ("B04", 400, 394, 0),
               ("B05", 200, 199, 0), ("B06", 500, 492, 0)]
    rej = [b[0] for b in batches if b[2] / b[1] < 0.98 or b[3] > 0]
    items.append(item(
        id="L4-P-SCR-002", kind="select", skills=["2.2.3"], difficulty=3, use=BOTH,
        prompt=f"各批次的抽检结果如下。按验收规则选出应**退回返工**的批次。\n\n{md_table(['批次', '抽检数', '正确数', '严重错误数'], batches)}\n",
        spec="验收规则：抽检正确率（正确数 ÷ 抽检数）≥ 98% **且** 无严重错误（如隐私信息未脱敏）的批次验收通过；否则整批退回返工。",
        entries=[{"id": b[0], "text": f"{b[0]}｜抽检 {b[1]}｜正确 {b[2]}｜严重错误 {b[3]}"} for b in batches],
        gold={"ids": rej},
        explanation=f"""
各批正确率：B01 99.2%、B02 97.6%、B03 99.0%、B04 98.5%、B05 99.5%、B06 98.4%。退回的是 {'、'.join(rej)}：B02 正确率低于 98%；B03 正确率达标，但有 1 个严重错误，按规则同样退回。“且”的两个条件缺一不可。严重错误（如个人信息泄露）即使只有一个，也可能造成合规风险，所以单独设为否决项。
"""))


# ============================================================================================ specs & optimisation
def spec_items(items):
    clauses = [("c1", "采集前向被采集人说明用途、保存期限，并取得其书面同意。", False),
               ("c2", "只采集正脸、光照均匀的照片，侧脸、逆光的一律不采。", True),
               ("c3", "每人采集不少于 5 张，覆盖早、中、晚不同时段的光照条件。", False),
               ("c4", "为提高效率，可直接下载员工社交媒体上的头像作为样本。", True),
               ("c5", "图片分辨率不低于 640×480，人脸区域不小于 100×100 像素。", False),
               ("c6", "照片与员工身份证号一起明文保存在公共共享盘，方便查找。", True),
               ("c7", "文件按“工号_序号.jpg”命名，工号与姓名对照表单独加密保存。", False),
               ("c8", "戴口罩、戴眼镜的样本按实际考勤场景适量采集。", False),
               ("c9", "采集设备可以随意选用，不必考虑与实际考勤终端摄像头的差异。", True)]
    items.append(item(
        id="L4-P-SPEC-001", kind="select", skills=["1.1.2"], difficulty=3, use=BOTH,
        prompt="你在为“门禁考勤人脸识别”项目梳理业务数据采集规范。下面是草稿中的条款，选出**不合理**、需要修改的条款。",
        spec="判断依据：① 采集的数据要覆盖模型在真实使用场景中会遇到的情况；② 符合《个人信息保护法》对人脸等敏感个人信息的要求（告知、单独同意、最小必要、安全保护）；③ 便于后续处理和追溯。",
        entries=[{"id": i, "text": t} for i, t, _ in clauses], gold={"ids": [i for i, _, b in clauses if b]},
        explanation="""
不合理的是 c2、c4、c6、c9：
- c2：考勤时员工会侧脸、逆光，只采理想照片会让模型在真实场景中识别率下降；
- c4：未经本人同意收集人脸信息，违反个人信息保护的要求（人脸属于敏感个人信息，需要单独同意）；
- c6：人脸与身份证号明文放在公共共享盘，缺乏安全保护，应加密、限制访问；
- c9：训练数据的采集设备与实际终端差异过大，会造成数据分布不一致。
c1、c3、c5、c7、c8 合理。梳理采集规范时要同时从“模型需要什么数据”和“合法合规”两个角度检查。
"""))
    clauses = [("p1", "去除完全重复的语句，只保留一条。", False),
               ("p2", "将手机号、身份证号等个人信息替换为统一占位符（如 <PHONE>）。", False),
               ("p3", "删除所有含错别字的用户语句。", True),
               ("p4", "统一全角/半角字符和繁简体。", False),
               ("p5", "所有语句只保留前 5 个字，以统一长度。", True),
               ("p6", "处理前备份原始数据，并记录每一步处理的规则和处理条数。", False),
               ("p7", "训练集和测试集各自去重后，再检查两者之间是否有重复语句。", False),
               ("p8", "样本少的意图类别直接整类删除，避免类别不平衡。", True)]
    items.append(item(
        id="L4-P-SPEC-002", kind="select", skills=["1.1.3"], difficulty=3, use=BOTH,
        prompt="你在为“客服意图识别”项目梳理文本数据处理规范。选出下面草稿中**不合理**的条款。",
        spec="判断依据：处理后的数据要能代表真实用户输入、保护个人信息、避免训练集与测试集泄漏，并且处理过程可追溯、可复现。",
        entries=[{"id": i, "text": t} for i, t, _ in clauses], gold={"ids": [i for i, _, b in clauses if b]},
        explanation="""
不合理的是 p3、p5、p8：
- p3：真实用户经常打错字，模型需要学会处理；删除含错别字的语句会让训练数据与实际输入不一致；
- p5：截断到 5 个字会丢失大部分语义，长度问题应由模型的输入处理解决，而不是破坏数据；
- p8：样本少的类别仍是业务需要识别的意图，应通过补充采集、过采样或调整权重解决不平衡，而不是删掉整个类别。
p7 很重要：测试集中出现训练集的原句，会让测试成绩虚高（数据泄漏）。
"""))
    # ---- process optimisation (quantified)
    rec_n, rec_rate, qa_n, qa_rate, hours, target = 4, 30, 2, 50, 8, 1200
    rec_cap, qa_cap = rec_n * rec_rate * hours, qa_n * qa_rate * hours
    items.append(item(
        id="L4-P-OPT-001", kind="table", skills=["1.2.1"], difficulty=3, use=BOTH,
        prompt=f"""
某语音采集流程分三个环节：① 录音（{rec_n} 名录音员，每人每小时 {rec_rate} 条）；② 人工质检（{qa_n} 名质检员，每人每小时 {qa_rate} 条）；③ 自动上传（每天最多 3000 条）。每天工作 {hours} 小时，每条录音必须依次经过三个环节。项目要求每天产出 {target} 条合格录音（假设全部合格）。分析流程瓶颈并给出人员配置建议。
""", spec="日产能 = 人数 × 每人每小时条数 × 每天小时数。全流程日产能取各环节中最小的那个。所需人数向上取整。",
        fields=[{"key": "rec_cap", "label": "录音环节日产能（条）"}, {"key": "qa_cap", "label": "质检环节日产能（条）"},
                {"key": "flow_cap", "label": "全流程日产能（条）"}, {"key": "qa_need", "label": "达到目标所需质检员人数"},
                {"key": "rec_need", "label": "达到目标所需录音员人数"}],
        gold={"cells": {"rec_cap": rec_cap, "qa_cap": qa_cap, "flow_cap": min(rec_cap, qa_cap, 3000),
                        "qa_need": math.ceil(target / (qa_rate * hours)), "rec_need": math.ceil(target / (rec_rate * hours))}},
        explanation=f"""
录音 {rec_n}×{rec_rate}×{hours} = {rec_cap} 条/天；质检 {qa_n}×{qa_rate}×{hours} = {qa_cap} 条/天；上传 3000 条/天。全流程产能由最慢的环节决定 = {min(rec_cap, qa_cap)} 条/天，瓶颈是**质检**。要达到 {target} 条/天：质检员需 ⌈{target} ÷ {qa_rate * hours}⌉ = {math.ceil(target / (qa_rate * hours))} 人，录音员需 ⌈{target} ÷ {rec_rate * hours}⌉ = {math.ceil(target / (rec_rate * hours))} 人。只增加录音员而不增加质检员，录音会在质检环节积压，产出不会提高——优化建议要先找到瓶颈。
"""))
    n, t_old, auto, t_new = 10000, 20, 0.35, 12
    old_h = n * t_old / 3600
    new_h = n * (1 - auto) * t_new / 3600
    items.append(item(
        id="L4-P-OPT-002", kind="table", skills=["1.2.2"], difficulty=3, use=BOTH,
        prompt=f"""
现有文本清洗流程：{n} 条语料全部人工逐条检查，平均每条 {t_old} 秒。优化方案：先用脚本自动去除重复、空白和乱码语料（约占 {int(auto * 100)}%，脚本耗时忽略不计），剩余语料再人工检查；由于剩余语料更干净，人工平均每条 {t_new} 秒。计算优化前后的人工工时，评估优化效果。
""", spec="工时单位为小时，保留 1 位小数（四舍五入）。节省比例 = （优化前工时 − 优化后工时）÷ 优化前工时 × 100，用未取整的工时计算，结果保留 1 位小数（四舍五入）。",
        fields=[{"key": "old_hours", "label": "优化前人工工时（小时）"}, {"key": "new_hours", "label": "优化后人工工时（小时）"},
                {"key": "saved_pct", "label": "节省比例（%）"}],
        gold={"cells": {"old_hours": round_half_up(old_h, 1), "new_hours": round_half_up(new_h, 1),
                        "saved_pct": round_half_up((old_h - new_h) / old_h * 100, 1)}},
        params={"tolerance": 0.05},
        explanation=f"""
优化前：{n} × {t_old} ÷ 3600 ≈ {round_half_up(old_h, 1)} 小时；优化后：{int(n * (1 - auto))} × {t_new} ÷ 3600 ≈ {round_half_up(new_h, 1)} 小时；节省 ≈ {round_half_up((old_h - new_h) / old_h * 100, 1)}%。处理流程优化的常见思路：能用规则自动处理的（去重、去空、去乱码）交给脚本，人工只做需要判断的部分。提出建议时用数据说明收益，更有说服力；同时要抽查脚本删除的数据，防止误删。
"""))


# ============================================================================================ speech QA
SPEC_SQA = """
每条录音已由他人完成“有效性判断、切分、转写”。判断每条的质检结论（一条只选一个；几种错误同时存在时，按 **有效性错误 > 截取错误 > 文本错误** 的优先级选）：
- `有效性错误`：有效/无效标记错了。应标**无效**的情况：无有效语音（静音、纯噪声）、多人同时说话、非普通话；清晰完整的普通话语音应标**有效**。
- `截取错误`：切分点切在字的中间，开头或结尾的字不完整或被切掉。
- `文本错误`：转写与录音不一致（错字、漏字、多字，包括漏写“嗯、啊、呃、那个”等语气词）。
- `正确`：以上都没有。标为无效且确实无效（转写为空），也是正确。
"""


def speech_items(items, clips):
    def ent(i, clip, valid, text):
        return {"id": i, "asset": clips[clip]["asset"], "text": f"有效性：{valid}｜转写：{text}"}

    c = clips
    set1 = [("e1", "p-sqa-11", "有效", c["p-sqa-11"]["text"], "正确"),
            ("e2", "p-sqa-12", "有效", "帮我查一下余额。", "文本错误"),
            ("e3", "p-sqa-13", "有效", c["p-sqa-13"]["text"], "截取错误"),
            ("e4", "p-sqa-14", "有效", c["p-sqa-14"]["text"], "有效性错误"),
            ("e5", "p-sqa-15", "无效", "（空）", "正确")]
    assert c["p-sqa-12"]["text"] != "帮我查一下余额。"
    items.append(item(
        id="L4-P-SQA-001", kind="classify", skills=["2.2.1"], difficulty=3, use=BOTH,
        prompt="语音标注质检：逐条收听录音，对照他人给出的有效性标记和转写，给出每条的质检结论。",
        spec=SPEC_SQA, labels=["正确", "有效性错误", "截取错误", "文本错误"],
        entries=[ent(i, clip, v, t) for i, clip, v, t, _ in set1], gold={"labels": {i: l for i, *_, l in set1}},
        explanation=f"""
- e1 录音与转写一致 → 正确。
- e2 录音是“{c['p-sqa-12']['text']}”，转写漏了句首的“那个” → 文本错误。
- e3 录音在“体检”处被截断，结尾的字不完整 → 截取错误（转写虽然写了完整句子，但按优先级先判截取错误）。
- e4 两个人同时说话，按规范应标无效，却标了有效 → 有效性错误。
- e5 只有噪声，标为无效、转写为空 → 正确。
"""))
    set2 = [("e1", "p-sqa-21", "有效", c["p-sqa-21"]["text"], "截取错误"),
            ("e2", "p-sqa-22", "有效", "我要订三张去北京的火车票。", "文本错误"),
            ("e3", "p-sqa-23", "有效", "今天天气很好，我们去喝茶吧。", "有效性错误"),
            ("e4", "p-sqa-24", "有效", c["p-sqa-24"]["text"], "正确"),
            ("e5", "p-sqa-25", "无效", "（空）", "有效性错误")]
    items.append(item(
        id="L4-P-SQA-002", kind="classify", skills=["2.2.1"], difficulty=3, use=BOTH,
        prompt="语音标注质检：逐条收听录音，对照他人给出的有效性标记和转写，给出每条的质检结论。",
        spec=SPEC_SQA, labels=["正确", "有效性错误", "截取错误", "文本错误"],
        entries=[ent(i, clip, v, t) for i, clip, v, t, _ in set2], gold={"labels": {i: l for i, *_, l in set2}},
        explanation=f"""
- e1 开头的“呃”被切掉了一半，听起来突然开始 → 截取错误。
- e2 录音说的是“两张”，转写成了“三张” → 文本错误（数量错误在订票业务中后果严重）。
- e3 录音是粤语，不是普通话，应标无效；标注员把它当成普通话“翻译”了 → 有效性错误。
- e4 录音与转写一致（含“啊，那个”）→ 正确。
- e5 是一句清晰完整的普通话“{c['p-sqa-25']['text']}”，却被标成无效 → 有效性错误（误判为无效同样是有效性错误，会白白浪费有效数据）。
"""))
    t = c["p-asr-31"]["text"]
    items.append(item(
        id="L4-P-ASR-001", kind="transcript", skills=["2.2.2"], difficulty=2, use=BOTH,
        prompt="这条录音的原转写为：“我想把会员自动续费取消。”审核发现转写有误。收听录音，按规范给出纠正后的完整转写。",
        spec="逐字转写，保留“嗯、啊、呃、那个”等语气词和填充词，不增不减、不改写；数字用汉字；标点不计分。",
        assets=[c["p-asr-31"]["asset"]], gold={"text": t},
        explanation=f"""
正确转写：{t}原转写漏了句首的“嗯，那个”，还漏了“的”和句末的“掉”——它把口语改写成了书面语。转写规范要求“听到什么写什么”，语气词和口语成分也是训练语音识别模型所需要的真实信息。
"""))


# ============================================================================================ system
def system_items(items):
    policy = "退货期限为签收后 15 天内；运费险由平台承担；发票在订单完成后于“我的订单”中申请。"
    kb = [("k1", "退货期限是多久？", "签收后 15 天内可申请退货。", "2024-03"),
          ("k2", "多少天内可以退货？", "签收后 15 天内可申请退货。", "2024-03"),
          ("k3", "退货运费谁承担？", "退货运费由买家自行承担。", "2022-08"),
          ("k4", "怎么开发票？", "订单完成后，在“我的订单”中申请电子发票。", "2024-01"),
          ("k5", "发票什么时候能开？", "请联系人工客服开具纸质发票。", "2021-05"),
          ("k6", "如何修改收货地址？", "发货前可在订单详情页修改收货地址。", "2024-02")]
    items.append(item(
        id="L4-P-KB-001", kind="select", skills=["3.1.1"], difficulty=3, use=BOTH,
        prompt=f"智能客服知识库需要定期维护。当前的最新业务规定是：{policy}\n\n检查下面的问答条目，选出需要**删除或修改**的条目。",
        spec="需要处理的条目：① 与已有条目重复（问法不同、答案相同的保留较早建立的一条，另一条应合并为其相似问法后删除；本题中编号较小的为较早建立）；② 答案与最新规定不一致（过时）；③ 同一问题的答案相互矛盾时，与规定不符的那条。",
        entries=[{"id": k[0], "text": f"问：{k[1]}｜答：{k[2]}｜更新于 {k[3]}"} for k in kb], gold={"ids": ["k2", "k3", "k5"]},
        explanation="""
需要处理的是：
- k2：与 k1 是同一问题的不同问法、答案相同，应把“多少天内可以退货？”作为 k1 的相似问法合并，删除 k2；
- k3：答案说运费由买家承担，与现行规定（平台承担运费险）不符，已过时，应修改；
- k5：与 k4 对开发票的说法矛盾，且与规定不符，应修改或删除。
k1、k4、k6 与规定一致，保留。知识库维护的重点是：去重、更新过时内容、消除矛盾，并记录每次修改的时间和依据。
"""))
    std = ["如何修改密码", "如何申请退货", "发票如何开具", "配送需要多久", "转人工客服"]
    qs = [("q1", "密码忘了，怎么重新设置？", "如何修改密码"), ("q2", "买的鞋不合适，想退掉。", "如何申请退货"),
          ("q3", "我要跟真人说话。", "转人工客服"), ("q4", "下单后几天能到？", "配送需要多久"),
          ("q5", "公司报销需要增值税发票，在哪儿弄？", "发票如何开具"), ("q6", "登录密码想换个复杂点的。", "如何修改密码"),
          ("q7", "你们的机器人听不懂，找个客服。", "转人工客服"), ("q8", "偏远地区要多久送到？", "配送需要多久")]
    items.append(item(
        id="L4-P-KB-002", kind="classify", skills=["3.1.1"], difficulty=2, use=BOTH,
        prompt="为了扩充智能客服知识库的相似问法，把用户的真实提问匹配到对应的标准问题上。",
        spec="标准问题：" + "、".join(f"`{s}`" for s in std) + "。按用户的真实意图匹配，每条只匹配一个标准问题。",
        labels=std, entries=[{"id": i, "text": t} for i, t, _ in qs], gold={"labels": {i: l for i, _, l in qs}},
        explanation="""
- q1“密码忘了、重新设置”和 q6“想换个复杂点的”说法不同，但都要修改密码。
- q7 虽然在抱怨机器人，核心诉求是找人工客服。
- q5 增值税发票、报销 → 发票如何开具。
把真实用户的多样化问法挂到标准问题下，是提升智能客服命中率最直接的知识库维护工作。
"""))
    data = [("d01", "train", "今天天气怎么样", "查询天气", ""), ("d02", "train", "帮我订一张明天去上海的机票", "订票", ""),
            ("d03", "train", "放一首周杰伦的歌", "查询天气", ""), ("d04", "train", "", "播放音乐", ""),
            ("d05", "train", "明天会下雨吗", "查询天气", "与测试集 t07 完全相同"), ("d06", "train", "我想听轻音乐", "播放音乐", ""),
            ("d07", "train", "帮我订一张明天去上海的机票", "订票", "与 d02 完全相同"), ("d08", "train", "后天北京多少度", "查询天气", "")]
    items.append(item(
        id="L4-P-DATA-001", kind="select", skills=["3.1.2"], difficulty=3, use=BOTH,
        prompt="维护智能语音助手的意图识别训练数据。检查下面的训练样本，选出需要**从训练集移除**（或修正后才能使用）的样本。",
        spec="需要处理的样本：文本为空；标签明显错误；训练集内部重复（保留编号最小的一条）；与测试集重复（会造成数据泄漏，必须从训练集移除）。",
        entries=[{"id": d[0], "text": f"{d[0]}｜{d[2] or '（空）'}｜标签 {d[3]}" + (f"｜备注：{d[4]}" if d[4] else "")} for d in data],
        gold={"ids": ["d03", "d04", "d05", "d07"]},
        explanation="""
需要处理的是 d03（“放一首歌”标成了查询天气，标签错误）、d04（文本为空）、d05（与测试集样本完全相同）、d07（与 d02 重复）。
d05 最容易被忽视：它本身标注正确，但留在训练集里，模型在测试时就是在“背答案”，测出的准确率会虚高，无法反映上线后的真实效果。
"""))
    scen = [("e1", "快递面单信息自动录入系统", "文字识别"), ("e2", "会议录音自动生成文字纪要", "语音识别"),
            ("e3", "写字楼闸机刷脸通行", "人脸识别"), ("e4", "电商平台 7×24 小时自动回答售后咨询", "智能客服"),
            ("e5", "短视频应用按兴趣推送内容", "推荐系统"), ("e6", "增值税发票信息自动识别归档", "文字识别"),
            ("e7", "车载语音导航输入目的地", "语音识别"), ("e8", "银行手机应用远程开户的本人核验", "人脸识别"),
            ("e9", "电商首页“猜你喜欢”商品列表", "推荐系统")]
    items.append(item(
        id="L4-P-SCN-001", kind="classify", skills=["3.2.1"], difficulty=1, use=BOTH,
        prompt="为下列业务场景选择最合适的单一智能产品。",
        spec="产品：`文字识别`（OCR，从图像中提取文字）、`语音识别`（语音转文字）、`人脸识别`（身份核验、通行）、`智能客服`（自动问答）、`推荐系统`（个性化推送）。每个场景选一个最核心的产品。",
        labels=["文字识别", "语音识别", "人脸识别", "智能客服", "推荐系统"], entries=[{"id": i, "text": t} for i, t, _ in scen],
        gold={"labels": {i: l for i, _, l in scen}},
        explanation="""
判断的关键是场景的**输入数据**和**要解决的问题**：面单、发票是图像中的文字 → 文字识别；会议录音、车载语音是声音 → 语音识别；刷脸通行、远程开户核验 → 人脸识别；自动回答咨询 → 智能客服；按兴趣推送内容或商品 → 推荐系统。为产品找场景时，还要考虑数据是否可获得、准确率是否满足业务要求、是否涉及敏感个人信息（如人脸）需要额外合规措施。
"""))
    peak, per, head, gpn = 360, 40, 0.3, 4
    inst = math.ceil(peak * (1 + head) / per)
    servers = math.ceil(inst / gpn)
    items.append(item(
        id="L4-P-DEP-001", kind="table", skills=["3.2.2"], difficulty=3, use=BOTH,
        prompt=f"""
某 OCR 服务准备上线。业务预计高峰每秒请求数（QPS）为 {peak}。压测结果：每个服务实例在满足延迟要求时最多承载 {per} QPS，每个实例独占 1 块 GPU；每台服务器有 {gpn} 块 GPU。部署要求：在高峰流量基础上预留 {int(head * 100)}% 的余量；另外按“N+1”原则额外准备 1 台服务器作为冗余。计算部署所需资源。
""", spec="实例数 = ⌈高峰 QPS × (1 + 余量) ÷ 单实例 QPS⌉；服务器数（不含冗余）= ⌈实例数 ÷ 每台 GPU 数⌉；总服务器数 = 服务器数 + 1。",
        fields=[{"key": "qps", "label": "需承载的 QPS（含余量）"}, {"key": "instances", "label": "实例数"},
                {"key": "servers", "label": "服务器数（不含冗余）"}, {"key": "total", "label": "总服务器数（含冗余）"}],
        gold={"cells": {"qps": round_half_up(peak * (1 + head), 0), "instances": inst, "servers": servers, "total": servers + 1}},
        explanation=f"""
需承载 {peak} × 1.3 = {round_half_up(peak * (1 + head), 0):g} QPS；实例数 = ⌈{peak * (1 + head):g} ÷ {per}⌉ = {inst}；服务器 = ⌈{inst} ÷ {gpn}⌉ = {servers} 台；加 1 台冗余共 {servers + 1} 台。向上取整不能省：11.7 个实例意味着 11 个不够用。预留余量和 N+1 冗余，是为了应对突发流量和单台故障，保证服务持续可用。
"""))
    checks = [("k1", "P95 响应时间", "≤ 300 ms", "320 ms", False), ("k2", "识别准确率（验收测试集）", "≥ 95%", "96.2%", True),
              ("k3", "运行日志与监控告警", "已配置", "已配置", True), ("k4", "回滚方案", "有，并已演练", "无", False),
              ("k5", "压力测试峰值", "≥ 预计高峰的 1.2 倍", "1.3 倍", True), ("k6", "测试数据中的个人信息脱敏", "已完成", "未完成", False),
              ("k7", "操作手册与值班联系人", "已交付", "已交付", True)]
    items.append(item(
        id="L4-P-DEP-002", kind="select", skills=["3.2.2"], difficulty=2, use=PRACTICE,
        prompt="智能系统上线前的部署验收检查记录如下。选出**未通过**、上线前必须整改的检查项。",
        spec="实测结果满足“要求”一栏即为通过，否则为未通过。",
        entries=[{"id": k[0], "text": f"{k[1]}｜要求：{k[2]}｜实测：{k[3]}"} for k in checks],
        gold={"ids": [k[0] for k in checks if not k[4]]},
        explanation="""
未通过的是 k1（320 ms 超过 300 ms）、k4（没有回滚方案）、k6（个人信息未脱敏）。部署实施不只是“把程序装上”：性能、可回滚、合规、监控、运维交接都要在上线前确认。没有回滚方案的系统一旦上线出问题，只能带病运行或长时间停服。
"""))


# ============================================================================================ rubrics
def bands(*rows):
    """Score bands of a rubric criterion: (min, max, what an answer in the band contains), from 0 up to the maximum."""
    return [{"min": lo, "max": hi, "text": text} for lo, hi, text in rows]


def rubric_items(items):
    def rub(iid, skills, diff, prompt, spec, crits, expl, use=BOTH):
        total = sum(c["max"] for c in crits)
        for c in crits:
            b = c["bands"]
            assert b[0]["min"] == 0 and b[-1]["max"] == c["max"] and len(b) >= 2, (iid, c["id"])
            assert all(x["max"] + 1 == y["min"] for x, y in zip(b, b[1:])), (iid, c["id"])
        items.append(item(id=iid, kind="rubric", skills=skills, difficulty=diff, use=use, points=total, prompt=prompt,
                          spec=spec, criteria=crits, explanation=expl))

    rub("L4-P-RUB-001", ["2.2.1"], 3, """
你审核了“城市道路车辆检测”第 3 批标注数据，审核记录如下：
- 批次共 2000 张图，随机抽检 100 张；验收标准：抽检正确率 ≥ 95%。
- 抽检发现错误 9 张：漏标远处小目标 5 张，遮挡属性填错 3 张，类别错（把面包车标成 bus）1 张。
- 错误集中在标注员 B（6 张），其余标注员共 3 张。

请撰写一份简短的**审核报告**（300 字左右），写给项目负责人。
""", """
提交一份写给项目负责人的《第 3 批车辆检测标注数据审核报告》，250–400 字（可用段落或要点作答），依次包含：

1. 概况：批次、图片数量、抽检数量与抽样方式、验收标准；
2. 审核结果：抽检正确率（写出算式）、是否合格，以及对本批数据的处理结论；
3. 问题分析：按错误类型列出数量和占比，分析问题主要出在哪类错误、哪些人员；
4. 整改建议：返工要求、对相关标注员的措施、标注规范需要补充的内容。

数据须与审核记录一致，用语客观，不对个人做指责性评价。评分（共 20 分）：基本信息与结论 4 分，问题分类与分析 6 分，整改措施 6 分，表达与格式 4 分。
""", [
        {"id": "c1", "text": "基本信息与结论", "max": 4,
         "guide": "写明批次、数量、抽检数与抽样方式、验收标准（2 分）；给出正确率 91%（(100−9)/100）并明确“不合格、整批退回返工”的结论（2 分）。计算错误或没有结论扣相应分；两部分各自只做到一半（如基本信息缺两项以上，或写了“不合格”却没有算出正确率）得该部分 1 分。",
         "bands": bands(
             (0, 0, "既没有批次、数量、抽检方式、验收标准等基本信息，也没有正确率和合格与否的结论。"),
             (1, 1, "两部分中只有一部分做到一半，如只写了批次和数量，或只写了“不合格”而没有算出正确率。"),
             (2, 2, "一部分完整而另一部分缺失（如基本信息齐全但没有算出 91%），或两部分各做到一半。"),
             (3, 3, "一部分完整、另一部分做到一半，如算出 91% 并明确不合格、整批退回返工，但基本信息缺验收标准或抽样方式。"),
             (4, 4, "写明第 3 批、2000 张、随机抽检 100 张、正确率 ≥ 95% 的验收标准，算出正确率 91% 并明确不合格、整批退回返工。"),
         )},
        {"id": "c2", "text": "问题分类与分析", "max": 6,
         "guide": "按错误类型列出数量和占比（漏标 5、属性 3、类别 1）（2 分）；指出主要问题是远处小目标漏标（2 分）；指出问题集中在标注员 B（2 分）。只罗列不分析得一半。",
         "bands": bands(
             (0, 0, "没有对错误做任何分类或分析。"),
             (1, 2, "只罗列了错误张数（如“错 9 张”或三类错误的张数），没有占比，也没有指出主要问题和问题集中的标注员。"),
             (3, 4, "按类型列出数量和占比，并指出“远处小目标漏标为主”或“错误集中在标注员 B”中的一项；或三项都提到但只罗列数字、没有分析。"),
             (5, 6, "按类型列出数量和占比（漏标 5、属性 3、类别 1），指出主要问题是远处小目标漏标，并指出错误集中在标注员 B（6/9）。"),
         )},
        {"id": "c3", "text": "整改措施", "max": 6,
         "guide": "措施与问题对应：返工要求（全批复查小目标与遮挡属性）（2 分）；对 B 进行规范再培训并提高其抽检比例（2 分）；规范补充说明（面包车的类别归属、小目标最小尺寸、遮挡判定示例）（2 分）。泛泛而谈“加强培训”只得 1~2 分。",
         "bands": bands(
             (0, 0, "没有提出整改措施。"),
             (1, 2, "只有“加强培训”“提高责任心”等泛泛措施，或只有返工、针对 B 的措施、规范补充三类中的一类具体措施。"),
             (3, 4, "三类措施中有两类具体且与问题对应，或三类都提到但其中一类只是泛泛而谈。"),
             (5, 6, "三类措施都具体且与问题对应：全批复查小目标与遮挡属性，对 B 复训并提高其抽检比例，规范补充面包车归属、小目标最小尺寸和遮挡判定示例。"),
         )},
        {"id": "c4", "text": "表达与格式", "max": 4,
         "guide": "结构清楚（概况—结果—问题—建议），数据准确、用语客观，不含个人指责；篇幅适当。条理混乱或数据前后矛盾酌情扣分。",
         "bands": bands(
             (0, 0, "没有成文的报告，只有零散的数字或与审核无关的内容。"),
             (1, 1, "条理混乱、数据前后矛盾，或含有对标注员的指责性用语。"),
             (2, 2, "有基本结构，但缺少概况、结果、问题、建议中的部分内容，或有个别数据错误。"),
             (3, 3, "结构完整、数据准确，但篇幅明显偏离 300 字左右，或个别用语不够客观。"),
             (4, 4, "按概况—结果—问题—建议组织，数据准确、用语客观、不指责个人，篇幅约 300 字。"),
         )},
    ], """
参考要点：抽检正确率 = (100 − 9) ÷ 100 = 91% < 95%，本批不合格，整批退回返工。主要问题为远处小目标漏标（5/9），其次为遮挡属性错误（3/9）和 1 例类别错误；错误集中于标注员 B（6/9）。整改：全批复查小目标和遮挡属性；对 B 单独复训并在下一批提高其抽检比例；在规范中补充小目标最小尺寸、遮挡判定示例和“面包车”的类别归属。审核报告的价值在于“用数据说明问题、给出可执行的改进”，而不只是给出合格与否。
""")
    rub("L4-P-RUB-002", ["1.2.1"], 3, """
某团队为方言语音识别项目采集数据，现行流程：
1. 通过微信群招募说话人，口头说明用途；
2. 说话人用自己的手机录音，文件通过微信发送给采集员；
3. 采集员每周五统一把文件拷到电脑，再人工检查质量；
4. 不合格的录音（噪声大、时长不够等）直接删除，通知说话人重录。
最近发现：约 30% 的录音不合格，返工多；文件命名混乱，难以对应说话人；录音格式和采样率五花八门。

请对该**采集流程**提出优化建议（列出 4 条以上，并说明每条解决什么问题）。
""", """
提交《方言语音采集流程优化建议》，300–600 字，用编号条目作答：

1. 不少于 4 条优化建议，每条写明：针对的问题（引用题中的现象）、具体做法（可执行的步骤、参数或规则）、预期效果；
2. 建议合起来须涉及：说话人告知同意与数据传输安全、录音工具与参数、质检时机、文件命名与元数据、上传方式与不合格录音的处理。

评分（共 20 分）：合规与知情同意 4 分，统一设备与参数、前移质检 6 分，命名与元数据管理 4 分，流程衔接与记录 3 分，建议的可行性与表达 3 分。空泛口号（如“提高质量意识”）不计分。
""", [
        {"id": "c1", "text": "合规与知情同意", "max": 4,
         "guide": "指出口头说明不足，应书面告知用途、保存期限并取得同意（录音中的声音属于个人信息），说明数据存储与传输安全（不用微信传原始数据）。只提一方面得 2 分。",
         "bands": bands(
             (0, 0, "没有涉及告知同意或数据安全。"),
             (1, 1, "只用一句话提到“注意隐私”或“签协议”，没有具体做法。"),
             (2, 2, "只讲了告知同意（书面告知用途、保存期限并取得同意）或数据存储传输安全（不用微信传原始数据）中的一方面。"),
             (3, 3, "两方面都提到，但其中一方面不具体，如只说“换个安全的渠道”而没有说明怎样传输和存储。"),
             (4, 4, "指出口头说明不足，要求书面告知用途与保存期限并取得同意，并要求原始录音不经微信、经加密渠道上传并安全存储。"),
         )},
        {"id": "c2", "text": "统一设备与参数、前移质检", "max": 6,
         "guide": "提出统一录音工具或 App 并固定格式/采样率/声道（2 分）；在录音端实时检测时长、音量、噪声，当场重录，而不是一周后再查（2 分）；说明这样能降低 30% 的不合格率和返工成本（2 分）。",
         "bands": bands(
             (0, 0, "没有涉及录音工具、参数或质检时机。"),
             (1, 2, "只做到统一工具与参数、录音端实时质检、说明对不合格率和返工的作用三点中的一点。"),
             (3, 4, "做到其中两点，如统一录音 App 与参数并在录音端实时检测，但没有说明对 30% 不合格率和返工的作用。"),
             (5, 6, "统一录音工具并固定格式、采样率、声道，录音端实时检测时长、音量、噪声并当场重录，并说明这样能降低 30% 的不合格率和返工成本。"),
         )},
        {"id": "c3", "text": "命名与元数据管理", "max": 4,
         "guide": "给出统一命名规则（如 说话人编号_方言_序号）并同步记录元数据（说话人信息、设备、时间），便于追溯。",
         "bands": bands(
             (0, 0, "没有涉及文件命名或元数据。"),
             (1, 1, "只写“规范命名”，没有具体规则。"),
             (2, 2, "给出了命名规则或元数据字段中的一项。"),
             (3, 3, "命名规则和元数据都有，但命名中没有说话人编号等能对应说话人的部分，或元数据缺少说话人信息、设备、时间中的多项。"),
             (4, 4, "给出统一命名规则（如说话人编号_方言_序号），并同步记录说话人信息、设备、时间等元数据，能追溯到说话人。"),
         )},
        {"id": "c4", "text": "流程衔接与记录", "max": 3,
         "guide": "把“每周五集中处理”改为每日或实时上传到统一存储；不合格录音保留记录与原因统计，而不是直接删除，用于改进。",
         "bands": bands(
             (0, 0, "没有涉及上传时机，也没有涉及不合格录音的处理。"),
             (1, 1, "只笼统地提到“及时上传”或“记录问题”，没有具体做法。"),
             (2, 2, "只做到一点：改为每日或实时上传到统一存储，或不合格录音保留记录并统计原因。"),
             (3, 3, "把每周五集中处理改为每日或实时上传到统一存储，并要求不合格录音保留记录、统计原因用于改进，而不是直接删除。"),
         )},
        {"id": "c5", "text": "建议的可行性与表达", "max": 3,
         "guide": "建议具体、可执行，与问题一一对应，条理清楚。空泛口号（如“提高质量意识”）不得分。",
         "bands": bands(
             (0, 0, "没有建议，或建议全是“提高质量意识”之类的空泛口号。"),
             (1, 1, "有具体建议但不足 4 条，或多数建议没有说明解决题中哪个问题。"),
             (2, 2, "有 4 条以上具体建议，但个别建议与题中问题对不上，或条理不够清楚。"),
             (3, 3, "有 4 条以上建议，每条具体可执行并写明解决题中哪个问题，条理清楚。"),
         )},
    ], """
参考要点：① 书面告知并取得同意，明确用途和保存期限，原始数据经加密渠道上传，不经微信传输；② 统一录音工具，固定 WAV、16 kHz、单声道等参数；③ 录音端实时质检（时长、音量、信噪比），不合格当场重录；④ 统一命名规则并记录元数据；⑤ 每日上传到统一存储，不合格原因留档统计，持续改进。优化采集流程的核心是“把问题消灭在源头”：越晚发现不合格，返工成本越高。
""")
    rub("L4-P-RUB-003", ["1.2.2"], 3, """
某电商评论情感分析项目的数据处理流程：
1. 从数据库导出评论 → 2. 人工逐条阅读，删除广告和重复评论 → 3. 人工把手机号、姓名改成“***” → 4. 分给标注员标注 → 5. 标注结果直接放入训练集。
问题：处理速度慢（每天只能处理 2000 条）；脱敏有遗漏；训练集中发现同一条评论出现两次、标签却不同。

请对该**数据处理流程**提出优化建议。
""", """
提交《评论数据处理流程优化建议》，300–600 字（可用要点或表格作答），包含：

1. 优化后的处理流程：按执行顺序列出各步骤，写明哪些步骤由脚本或工具完成、哪些由人工完成；
2. 针对题中三个问题（速度慢、脱敏遗漏、重复评论标签不同）的具体措施，每条写明对应的问题；
3. 标注结果进入训练集之前的质量检查；
4. 处理过程的留痕与数据集版本管理。

评分（共 20 分）：自动化预处理 5 分，脱敏改进 5 分，标注质量控制 5 分，可追溯与版本管理 3 分，表达 2 分。
""", [
        {"id": "c1", "text": "自动化预处理", "max": 5,
         "guide": "提出用脚本/工具自动去重（精确去重，可加相似去重）、过滤广告和乱码（规则或关键词），人工只复核边界样本；说明对速度的提升。",
         "bands": bands(
             (0, 0, "没有提出自动化预处理，仍是人工逐条阅读删除。"),
             (1, 2, "只笼统地说“用工具提高效率”，没有说明由工具完成哪些处理。"),
             (3, 4, "提出用脚本自动去重或过滤广告乱码中的一项，或两项都有但没有说明人工只复核边界样本、对速度的提升。"),
             (5, 5, "用脚本自动去重（精确去重，可加相似去重）并按规则或关键词过滤广告和乱码，人工只复核边界样本，并说明对处理速度的提升。"),
         )},
        {"id": "c2", "text": "脱敏改进", "max": 5,
         "guide": "提出用正则表达式等自动识别手机号、身份证号等，统一替换为占位符，并抽检脱敏效果；指出“***”会丢失信息类型，占位符更好（加分点：可弥补本项其他要点的小缺漏，本项最多 5 分）。",
         "bands": bands(
             (0, 0, "没有涉及脱敏的改进。"),
             (1, 2, "只要求“脱敏更仔细”，仍靠人工逐条修改。"),
             (3, 4, "提出用正则等自动识别并替换，但没有抽检脱敏效果，或识别范围只有手机号一类。"),
             (5, 5, "用正则等自动识别手机号、身份证号等并统一替换为占位符，并抽检脱敏效果。"),
         )},
        {"id": "c3", "text": "标注质量控制", "max": 5,
         "guide": "在第 4、5 步之间加入质检/审核环节（抽检、一致性检查）；重复评论标签不一致时的处理规则（合并、复核）；不合格退回。",
         "bands": bands(
             (0, 0, "没有涉及标注质量控制，标注结果仍直接进入训练集。"),
             (1, 2, "只写“提高标注质量”“加强检查”，没有说明在哪个环节、怎样检查。"),
             (3, 4, "在标注与入训练集之间加入了质检或审核环节，但缺少重复评论标签冲突的处理规则或不合格退回规则。"),
             (5, 5, "在标注与入训练集之间加入抽检和一致性检查，规定重复评论标签不一致时合并并复核，不合格的退回重标。"),
         )},
        {"id": "c4", "text": "可追溯与版本管理", "max": 3,
         "guide": "保留原始数据备份、记录每步处理规则和数量、数据集版本化；训练集与测试集去重检查。",
         "bands": bands(
             (0, 0, "没有涉及留痕与版本管理。"),
             (1, 1, "只提到保留原始数据、记录每步规则和数量、数据集版本化、训练集与测试集去重检查中的一项。"),
             (2, 2, "提到上述四项中的两到三项。"),
             (3, 3, "保留原始数据备份、记录每步处理规则和数量、数据集分版本，并检查训练集与测试集之间的重复。"),
         )},
        {"id": "c5", "text": "表达", "max": 2, "guide": "建议与问题对应、条理清楚、可执行。",
         "bands": bands(
             (0, 0, "建议杂乱无章或与题中问题无关。"),
             (1, 1, "建议可执行，但与速度慢、脱敏遗漏、重复评论标签不同三个问题的对应不清，或条理较乱。"),
             (2, 2, "建议分别对应速度慢、脱敏遗漏、重复评论标签不同三个问题，条理清楚、可执行。"),
         )},
    ], """
参考要点：用脚本完成去重、广告和乱码过滤，人工只复核；用正则自动脱敏并抽检；标注后增加质检环节，重复样本标签冲突时复核统一；保留原始数据、记录处理日志、数据集分版本，并检查训练集与测试集之间的重复。
""")
    rub("L4-P-RUB-004", ["1.1.2"], 4, """
公司要开发“工地安全帽佩戴检测”模型，需要采集工地监控图像。请为该项目梳理一份**业务数据采集规范**的要点（可用条目形式），至少包括：采集对象与场景、数据要求、合规要求、文件组织与交付。
""", """
提交《工地安全帽佩戴检测业务数据采集规范（要点）》，400–800 字，用分级条目（如 1. / 1.1）作答，包含四部分：

1. 采集对象与场景：需要覆盖的样本类型和采集条件；
2. 数据要求：分辨率、格式、抽帧方式、清晰度、各类样本的数量或比例，尽量写成可检查的数字；
3. 合规要求；
4. 文件组织与交付：命名规则、目录结构、元数据、交付格式与验收方式。

评分（共 20 分）：场景与多样性 6 分，数据质量要求 4 分，合规要求 5 分，文件组织与交付 3 分，规范的可执行性 2 分。没有数字或判定标准的笼统条目，在“可执行性”一项不计分。
""", [
        {"id": "c1", "text": "场景与多样性", "max": 6,
         "guide": "覆盖佩戴/未佩戴、不同颜色安全帽、戴普通帽子等易混淆样本（2 分）；不同时段、天气、光照、距离、角度、遮挡（2 分）；多个工地、与实际部署摄像头一致的设备和视角（2 分）。",
         "bands": bands(
             (0, 0, "没有说明采集对象与场景。"),
             (1, 2, "只做到样本类型（佩戴 / 未佩戴、不同颜色、普通帽子等易混淆样本）、采集条件（时段、天气、光照、距离、角度、遮挡）、工地与设备（多个工地、与部署摄像头一致）三方面中的一方面。"),
             (3, 4, "做到上述三方面中的两方面，或三方面都涉及但其中一方面只列了一两项。"),
             (5, 6, "三方面都做到：含普通帽子等易混淆样本，覆盖不同时段、天气、光照、距离、角度、遮挡，并要求多个工地、与实际部署一致的摄像头和视角。"),
         )},
        {"id": "c2", "text": "数据质量要求", "max": 4,
         "guide": "分辨率、格式、帧抽取间隔（避免大量近重复帧）、清晰度要求，各类样本的大致数量或比例。",
         "bands": bands(
             (0, 0, "没有提出数据要求。"),
             (1, 1, "只写“图片要清晰”“数量要充足”之类的要求。"),
             (2, 2, "给出了分辨率、格式、抽帧间隔、清晰度、样本数量或比例中的一两项具体要求。"),
             (3, 3, "给出了其中三到四项，或各项都提到但多数没有具体数字。"),
             (4, 4, "分辨率、格式、抽帧间隔（避免近重复帧）、清晰度和各类样本的数量或比例都有具体要求。"),
         )},
        {"id": "c3", "text": "合规要求", "max": 5,
         "guide": "取得工地管理方授权；告知被拍摄人员（如现场公示）；人脸等个人信息的最小必要处理（如只用于本项目、限制访问、必要时模糊化）；数据安全存储与保存期限。",
         "bands": bands(
             (0, 0, "没有涉及合规要求。"),
             (1, 2, "只写“注意隐私”“合法合规”，或只提到工地授权、告知被拍摄人员、人脸信息最小必要处理、安全存储与保存期限中的一项。"),
             (3, 4, "提到上述四项中的两到三项。"),
             (5, 5, "取得工地管理方授权，告知被拍摄人员（如现场公示），人脸等个人信息最小必要处理（只用于本项目、限制访问、必要时模糊化），并规定安全存储与保存期限。"),
         )},
        {"id": "c4", "text": "文件组织与交付", "max": 3,
         "guide": "命名规则、目录结构、元数据（工地、摄像头、时间）、交付格式与验收方式。",
         "bands": bands(
             (0, 0, "没有涉及文件组织与交付。"),
             (1, 1, "只提到命名规则、目录结构、元数据、交付格式、验收方式中的一项。"),
             (2, 2, "提到其中两到四项。"),
             (3, 3, "命名规则、目录结构、元数据（工地、摄像头、时间）、交付格式与验收方式都有。"),
         )},
        {"id": "c5", "text": "规范的可执行性", "max": 2, "guide": "要求具体、可检查（有数字、有判定标准），而不是笼统描述。",
         "bands": bands(
             (0, 0, "要求全是笼统描述，没有数字或判定标准。"),
             (1, 1, "部分要求有数字或判定标准，部分仍是笼统描述。"),
             (2, 2, "主要要求都有数字或判定标准，可以逐条检查。"),
         )},
    ], """
参考要点：场景要覆盖模型在真实部署中会遇到的各种情况（含难例和易混淆样本）；数据要求要写成可检查的数字；合规方面要有授权、告知、最小必要和安全保护；文件组织要便于追溯和验收。规范写得越具体，采集结果越一致。
""", use=PRACTICE)
    rub("L4-P-RUB-005", ["1.1.3"], 4, """
某医院要用门诊病历文本训练“科室导诊”分类模型（根据患者主诉推荐科室）。请为该项目梳理一份**业务数据处理规范**的要点，至少包括：数据脱敏、清洗规则、标签定义、数据集划分。
""", """
提交《门诊病历导诊分类数据处理规范（要点）》，400–800 字，用分级条目（如 1. / 1.1）作答，包含：

1. 数据脱敏与安全：需脱敏的字段清单与处理方法，数据使用与访问要求；
2. 清洗规则：每条规则写明处理对象和做法；
3. 标签定义：科室标签清单，每个标签的定义与边界，多科室和存疑情况的处理；
4. 数据集划分：比例与划分方式；
5. 处理过程的留痕。

评分（共 20 分）：脱敏与安全 6 分，清洗规则 4 分，标签定义 5 分，数据集划分 3 分，可追溯性 2 分。
""", [
        {"id": "c1", "text": "脱敏与安全", "max": 6,
         "guide": "列出需脱敏的字段（姓名、身份证号、电话、住址、病历号等）及方法（删除、替换为占位符）（3 分）；说明健康信息属于敏感个人信息，需在授权范围内使用、限制访问、安全存储（3 分）。",
         "bands": bands(
             (0, 0, "没有涉及脱敏与安全。"),
             (1, 2, "只写“对病历脱敏”“注意安全”，或只列出少数字段，没有处理方法和使用要求。"),
             (3, 4, "字段清单与处理方法、敏感个人信息的使用与安全要求两部分中，只完整做到一部分，另一部分缺失或只有一句。"),
             (5, 6, "列出姓名、身份证号、电话、住址、病历号等字段及删除或占位符替换的方法，并说明健康信息属于敏感个人信息，须在授权范围内使用、限制访问、安全存储。"),
         )},
        {"id": "c2", "text": "清洗规则", "max": 4,
         "guide": "去重、去除空白和无意义记录、统一编码和全半角、处理缩写与错别字的原则（保留真实表达）等，规则具体可执行。",
         "bands": bands(
             (0, 0, "没有给出清洗规则。"),
             (1, 1, "只写“清洗脏数据”，没有具体规则。"),
             (2, 2, "列出一两条具体规则（如去重、删除空白记录）。"),
             (3, 3, "列出三条以上规则，但部分不可执行，或没有说明缩写与错别字保留真实表达的原则。"),
             (4, 4, "去重、去除空白和无意义记录、统一编码和全半角、缩写与错别字的处理原则（保留真实表达）都有，规则具体可执行。"),
         )},
        {"id": "c3", "text": "标签定义", "max": 5,
         "guide": "给出科室标签清单及每个标签的定义和边界（如“胸痛”归心内科还是急诊的规则），多科室情况的处理规则，存疑样本的上报流程。",
         "bands": bands(
             (0, 0, "没有涉及标签定义。"),
             (1, 2, "只列出科室名称清单，没有定义。"),
             (3, 4, "有标签定义，但缺少边界规则（如“胸痛”归心内科还是急诊）、多科室情况的处理规则、存疑样本上报流程中的一项以上。"),
             (5, 5, "科室标签清单及每个标签的定义和边界（如“胸痛”的归属规则）、多科室情况的处理规则和存疑样本的上报流程都有。"),
         )},
        {"id": "c4", "text": "数据集划分", "max": 3,
         "guide": "训练/验证/测试集比例；按患者划分避免同一患者的记录同时出现在训练和测试集；检查类别分布。",
         "bands": bands(
             (0, 0, "没有涉及数据集划分。"),
             (1, 1, "只给出训练、验证、测试集的比例。"),
             (2, 2, "给出比例，并做到按患者划分或检查类别分布中的一项。"),
             (3, 3, "给出比例，按患者划分使同一患者的记录不同时出现在训练集和测试集，并检查类别分布。"),
         )},
        {"id": "c5", "text": "可追溯性", "max": 2, "guide": "处理前备份原始数据，记录处理日志和版本。",
         "bands": bands(
             (0, 0, "没有涉及备份与留痕。"),
             (1, 1, "只提到备份原始数据或记录处理日志与版本中的一项。"),
             (2, 2, "处理前备份原始数据，并记录处理日志和版本。"),
         )},
    ], """
参考要点：医疗数据首先要做好脱敏和访问控制；清洗规则要保留真实的口语化表达；标签定义要写清边界和冲突处理；按患者划分数据集防止信息泄漏；全过程留痕、可复现。
""")
    rub("L4-P-RUB-006", ["3.2.2"], 4, """
某连锁超市要在 20 家门店部署“货架缺货识别”系统（门店摄像头定时拍照，服务器识别空货位并通知理货员）。请写一份**部署实施方案**的要点。
""", """
提交《货架缺货识别系统部署实施方案（要点）》，400–800 字，用分级条目或表格作答，包含：

1. 部署前准备；
2. 实施步骤与阶段安排：每个阶段的门店范围、验收标准、出现问题时的回退办法；
3. 与门店业务的衔接：通知的接收与处理、误报反馈、人员培训、运维责任；
4. 上线后的运行监控与模型优化；
5. 个人信息保护（顾客入镜的处理）。

评分（共 20 分）：部署前准备 5 分，分阶段实施 5 分，人员与流程衔接 4 分，运行监控与持续优化 4 分，合规与表达 2 分。
""", [
        {"id": "c1", "text": "部署前准备", "max": 5,
         "guide": "现场勘查（摄像头位置、角度、网络、光照）（2 分）；硬件与网络资源评估（2 分）；用门店真实图片做验收测试、确定准确率标准（1 分）。",
         "bands": bands(
             (0, 0, "没有涉及部署前准备。"),
             (1, 2, "只笼统地写“做好准备工作”，或只做到现场勘查（摄像头位置、角度、网络、光照）与硬件网络资源评估中的一项。"),
             (3, 4, "做到现场勘查和资源评估，但没有用门店真实图片做验收测试；或做到其中一项并用真实图片确定了准确率标准。"),
             (5, 5, "有现场勘查（摄像头位置、角度、网络、光照）、硬件与网络资源评估，并用门店真实图片做验收测试、确定准确率标准。"),
         )},
        {"id": "c2", "text": "分阶段实施", "max": 5,
         "guide": "先选 1~2 家门店试点，验证效果后再分批推广（3 分）；每阶段有明确的验收标准和回滚方案（2 分）。",
         "bands": bands(
             (0, 0, "没有实施安排，或计划 20 家门店同时上线、不分阶段。"),
             (1, 2, "提到“分批部署”但没有试点验证，或有验收标准和回滚方案却没有试点环节。"),
             (3, 4, "先选 1~2 家门店试点、验证效果后分批推广，但每阶段的验收标准和回滚方案缺一或都缺。"),
             (5, 5, "先选 1~2 家门店试点、验证效果后分批推广，每个阶段都有明确的验收标准和回滚方案。"),
         )},
        {"id": "c3", "text": "人员与流程衔接", "max": 4,
         "guide": "理货员如何接收和处理通知、反馈误报；培训门店员工；明确运维责任人。",
         "bands": bands(
             (0, 0, "没有涉及与门店人员和流程的衔接。"),
             (1, 1, "只有“做好培训”之类的一句笼统表述。"),
             (2, 2, "具体做到理货员接收处理通知并反馈误报、培训门店员工、明确运维责任人三项中的一项。"),
             (3, 3, "具体做到上述三项中的两项。"),
             (4, 4, "写明理货员如何接收和处理缺货通知、如何反馈误报，安排门店员工培训，并明确运维责任人。"),
         )},
        {"id": "c4", "text": "运行监控与持续优化", "max": 4,
         "guide": "监控服务状态和识别准确率；收集误报、漏报样本回流标注，定期更新模型；数据备份。",
         "bands": bands(
             (0, 0, "没有涉及上线后的监控与优化。"),
             (1, 1, "只写“持续监控”“不断优化”。"),
             (2, 2, "具体做到监控服务状态和识别准确率、误报漏报样本回流标注并定期更新模型、数据备份三项中的一项。"),
             (3, 3, "具体做到上述三项中的两项。"),
             (4, 4, "监控服务状态和识别准确率，收集误报、漏报样本回流标注并定期更新模型，并做数据备份。"),
         )},
        {"id": "c5", "text": "合规与表达", "max": 2,
         "guide": "顾客可能入镜，需告知并尽量避免或模糊处理人像；方案条理清楚、可执行。",
         "bands": bands(
             (0, 0, "没有考虑顾客入镜的个人信息保护，方案也条理混乱、难以执行。"),
             (1, 1, "只做到一项：考虑顾客入镜并告知、避免或模糊处理人像，或方案条理清楚、可执行。"),
             (2, 2, "考虑顾客入镜，要求告知并尽量避免或模糊处理人像，且方案条理清楚、可执行。"),
         )},
    ], """
参考要点：部署前勘查现场、评估资源、用真实数据验收；先试点再推广，每阶段有验收标准和回滚方案；与门店业务流程衔接并培训员工；上线后持续监控，把误报漏报样本回流改进模型；注意顾客入镜的个人信息保护。
""", use=PRACTICE)


# ============================================================================================ exam-only
# New instances of the task families above, with other data: the confidential pool (use = exam only)
# that fills the skill paper twice over (issue 15). Never shown in practice.
def exam_items(items):
    # ---- 1.1.1 quality of preprocessed data: customer records
    recs = [("c01", "周婷", "1990-04-12", "女", "310105199004120028", "是"), ("c02", "马骏", "1985-13-02", "男", "310105198513020011", "是"),
            ("c03", "何露", "1992-07-30", "女", "31010519920730002", "是"), ("c04", "周婷", "1990-04-12", "女", "310105199004120028", "是"),
            ("c05", "黄磊", "1978-11-05", "M", "310105197811050035", "是"), ("c06", "郑爽", "2001-02-28", "女", "310105200102280046", "否"),
            ("c07", "唐宁", "1999-09-09", "男", "310105199909090057", "是"), ("c08", "", "1995-06-18", "女", "310105199506180060", "是")]

    def rec_reasons(rows):
        seen, out = set(), []
        for r in rows:
            why = []
            if any(v == "" for v in r):
                why.append("有字段为空")
            y, m, d = r[2].split("-")
            if not (1 <= int(m) <= 12 and 1 <= int(d) <= 31):
                why.append(f"出生日期 {r[2]} 不是有效日期")
            if r[3] not in ("男", "女"):
                why.append(f"性别“{r[3]}”不在允许值内")
            if len(r[4]) != 18:
                why.append(f"证件号只有 {len(r[4])} 位")
            if r[5] != "是":
                why.append("未取得授权同意")
            if r[4] in seen:
                why.append("证件号与前面的记录重复")
            seen.add(r[4])
            out.append((r[0], why))
        return out

    rows = rec_reasons(recs)
    bad = [rid for rid, w in rows if w]
    items.append(item(
        id="L4-P-EX-DQ-001", kind="select", skills=["1.1.1"], difficulty=3, use=EXAM,
        prompt="下面是会员信息经过格式统一处理后的记录。按数据质量要求审核处理结果，选出**不合格**的记录。",
        spec="""
合格记录必须同时满足：
1. 所有字段非空；
2. 出生日期为有效日期（月份 1~12，日 1~31）；
3. 性别为“男”或“女”（统一格式后不应再出现英文代码）；
4. 证件号为 18 位；
5. 已取得本人授权同意；
6. 不重复：证件号相同的记录视为重复，保留编号最小的一条，其余判为不合格。
""", entries=[{"id": r[0], "text": f"{r[0]}｜{r[1] or '（空）'}｜{r[2]}｜{r[3]}｜{r[4]}｜授权：{r[5]}"} for r in recs],
        gold={"ids": bad},
        explanation=f"""
不合格的是 {'、'.join(bad)}：{'；'.join(f"{rid} {'、'.join(w)}" for rid, w in rows if w)}。
c01 虽然后面有与它重复的 c04，但它是编号最小的一条，保留。把每条规则写成可逐项检查的条件（如 LEN、COUNTIF、日期校验），比肉眼逐行看更可靠。
"""))
    # ---- 1.1.1 quality of processed data: sensor readings after unit conversion
    rd = [("t1", "S01", "23.5 ℃", "08:00"), ("t2", "S01", "74.3 ℉", "08:10"), ("t3", "S02", "22.8 ℃", "08:00"),
          ("t4", "S02", "22.8 ℃", "08:00"), ("t5", "S03", "85.0 ℃", "08:00"), ("t6", "S03", "24.1 ℃", "08:10"),
          ("t7", "S04", "296.2 K", "08:00"), ("t8", "S04", "23.9 ℃", "08:10")]
    seen, bad, why = set(), [], []
    for r in rd:
        val, unit = r[2].split()
        w = []
        if unit != "℃":
            w.append(f"单位仍是 {unit}，没有换算")
        elif not (-20 <= float(val) <= 60):
            w.append(f"{val} ℃ 超出传感器量程 −20~60 ℃，是异常值")
        if (r[1], r[3]) in seen:
            w.append("与前一条的传感器和时间相同，是重复记录")
        seen.add((r[1], r[3]))
        if w:
            bad.append(r[0])
            why.append(f"{r[0]} {'、'.join(w)}")
    items.append(item(
        id="L4-P-EX-DQ-002", kind="select", skills=["1.1.1"], difficulty=3, use=EXAM,
        prompt="机房温度传感器数据已完成单位统一和去重处理。审核处理结果，选出**有问题**、需要退回重处理的记录。",
        spec="""
处理要求：
1. 温度一律换算为摄氏度（℃），单位不是 ℃ 即为问题；
2. 数值须在传感器量程 −20~60 ℃ 内，超出的为异常值，应标记剔除；
3. 同一传感器同一时间只保留一条记录，后出现的为重复。
""", entries=[{"id": r[0], "text": f"{r[0]}｜传感器 {r[1]}｜{r[2]}｜{r[3]}"} for r in rd], gold={"ids": bad},
        explanation=f"""
有问题的是 {'、'.join(bad)}：{'；'.join(why)}。
t2（74.3 ℉ ≈ 23.5 ℃）和 t7（296.2 K ≈ 23.1 ℃）换算后其实都正常，问题在于没有换算：不同单位的数值直接放在一起计算平均值，会得到完全错误的结果。
"""))
    # ---- 1.1.2 processing specification
    clauses = [("c1", "录音统一转换为 16 kHz、16 bit、单声道 WAV，转换后抽听确认无失真。", False),
               ("c2", "为节省时间，时长超过 60 秒的录音直接截取前 60 秒使用，其余部分丢弃。", True),
               ("c3", "文件名统一为“项目代码_说话人编号_序号.wav”，说话人姓名与编号对照表加密单独保存。", False),
               ("c4", "录音中出现的手机号、身份证号等个人信息，在转写文本中原样保留，便于核对。", True),
               ("c5", "处理前先备份原始录音，处理脚本和参数记录在处理日志中。", False),
               ("c6", "静音超过 2 秒的片段按规范切分，切分点落在静音中间。", False),
               ("c7", "背景噪声大的录音由处理人员凭感觉决定是否保留，不必记录原因。", True),
               ("c8", "处理完成后由另一人按 5% 比例抽检，抽检不合格的批次退回。", False)]
    bad = [c[0] for c in clauses if c[2]]
    items.append(item(
        id="L4-P-EX-SPEC-001", kind="select", skills=["1.1.2"], difficulty=3, use=EXAM,
        prompt="你在为“客服电话语音识别”项目编写业务数据处理规范。下面是草稿中的条款，选出**不合理**、需要修改的条款。",
        spec="判断依据：① 处理结果要保留训练所需的完整信息，处理过程可追溯、可复现；② 符合《个人信息保护法》的要求（去标识化、最小必要、安全保护）；③ 标准明确、可执行，不依赖个人主观判断。",
        entries=[{"id": c[0], "text": c[1]} for c in clauses], gold={"ids": bad},
        explanation=f"""
不合理的是 {'、'.join(bad)}：
- c2：直接截断会把句子切断、丢掉后面的内容，应当按静音点切分成多段，而不是丢弃；
- c4：转写文本中的个人信息应当脱敏（如替换为占位符），原样保留违反最小必要和安全保护要求；
- c7：“凭感觉”不可执行、不可复现，应规定明确的判断标准（如信噪比阈值）并记录剔除原因。
c1、c3、c5、c6、c8 分别规定了统一格式、去标识化命名、备份与日志、切分标准和抽检，都是合理的。
"""))
    # ---- 2.2.1 QA statistics (new batch)
    n_batch, n_sample = 8000, 250
    errs = {"错标": 6, "漏标": 3, "边界不准": 2}
    ne = sum(errs.values())
    acc = round_half_up((n_sample - ne) / n_sample * 100, 1)
    est = round(n_batch * ne / n_sample)
    items.append(item(
        id="L4-P-EX-QS-001", kind="table", skills=["2.2.1"], difficulty=2, use=EXAM,
        prompt=f"""
一批 {n_batch} 条文本实体标注完成后，质检员随机抽检了 {n_sample} 条，结果如下：{'、'.join(f'{k} {v} 条' for k, v in errs.items())}（每条最多计一种错误）。项目验收标准为抽检正确率 ≥ 95%。填写审核报告中的统计数据。
""", spec="正确率 = （抽检数 − 错误数）÷ 抽检数 × 100，保留 1 位小数（四舍五入）。是否合格：合格填 1，不合格填 0。整批预计错误数 = 整批数量 × 抽检错误率，取整数。",
        fields=[{"key": "errors", "label": "抽检错误数"}, {"key": "accuracy", "label": "抽检正确率（%）"},
                {"key": "pass", "label": "是否合格（1/0）"}, {"key": "est_errors", "label": "整批预计错误数"}],
        gold={"cells": {"errors": ne, "accuracy": acc, "pass": 1 if acc >= 95 else 0, "est_errors": est}},
        params={"tolerance": 0.05},
        explanation=f"""
错误数 = {' + '.join(str(v) for v in errs.values())} = {ne}；正确率 = ({n_sample} − {ne}) ÷ {n_sample} × 100 = {acc}%，{'达到' if acc >= 95 else '低于'} 95%，填 {1 if acc >= 95 else 0}。
整批预计错误数 = {n_batch} × {ne}/{n_sample} = {est} 条。即使验收合格，整批仍有约 {est} 条错误，审核报告应写明主要错误类型（本批以错标为主），供后续复训参考。
"""))
    # ---- 2.2.1 per-annotator accuracy (new team)
    ann = [("甲", 80, 3), ("乙", 40, 3), ("丙", 80, 5), ("丁", 100, 2)]
    accs = {a: round_half_up((n - e) / n * 100, 1) for a, n, e in ann}
    tot_n = sum(n for _, n, _ in ann)
    tot_e = sum(e for _, _, e in ann)
    overall = round_half_up((tot_n - tot_e) / tot_n * 100, 1)
    n_pass = sum(1 for v in accs.values() if v >= 95)
    items.append(item(
        id="L4-P-EX-QS-002", kind="table", skills=["2.2.1"], difficulty=3, use=EXAM,
        prompt=f"四名标注员的抽检结果如下。计算各自的正确率、整体正确率，并统计达标人数（正确率 ≥ 95% 为达标）。\n\n{md_table(['标注员', '抽检条数', '错误条数'], ann)}\n",
        spec="正确率 = （抽检条数 − 错误条数）÷ 抽检条数 × 100，保留 1 位小数（四舍五入）。整体正确率用四人**合计**的条数计算。",
        fields=[{"key": "acc_1", "label": "甲的正确率（%）"}, {"key": "acc_2", "label": "乙的正确率（%）"},
                {"key": "acc_3", "label": "丙的正确率（%）"}, {"key": "acc_4", "label": "丁的正确率（%）"},
                {"key": "overall", "label": "整体正确率（%）"}, {"key": "n_pass", "label": "达标人数"}],
        gold={"cells": {"acc_1": accs["甲"], "acc_2": accs["乙"], "acc_3": accs["丙"], "acc_4": accs["丁"],
                        "overall": overall, "n_pass": n_pass}},
        params={"tolerance": 0.05},
        explanation=f"""
{'，'.join(f'{a} = {n - e}/{n} = {accs[a]}%' for a, n, e in ann)}；整体 = ({tot_n} − {tot_e}) ÷ {tot_n} = {overall}%。达标 {n_pass} 人（{'、'.join(a for a in accs if accs[a] >= 95)}）。
整体正确率不能把四个百分数简单平均，因为各人抽检条数不同，要用合计条数计算。未达标的人需要单独反馈错误案例并复训。
"""))
    # ---- 2.2.1 completeness and accuracy (precision / recall)
    gold_n, ans_n, tp, mis = 150, 144, 132, 6
    fn, fp = gold_n - tp - mis, ans_n - tp - mis
    prec, rec = round_half_up(tp / ans_n * 100, 1), round_half_up(tp / gold_n * 100, 1)
    items.append(item(
        id="L4-P-EX-QS-003", kind="table", skills=["2.2.1"], difficulty=4, use=EXAM,
        prompt=f"""
对一批行人检测标注做完整性和准确性审核：按审核员标定的结果，图中实际应标的行人共 {gold_n} 个；标注员共画了 {ans_n} 个框。逐一比对后：位置和属性都正确的 {tp} 个；位置对但属性（是否遮挡）错的 {mis} 个；其余为漏标或多标。
""", spec="""
- 漏标数 = 应标目标数 − 正确数 − 属性错误数；多标数 = 标注框数 − 正确数 − 属性错误数。
- 精确率 = 正确数 ÷ 标注框数 × 100；召回率 = 正确数 ÷ 应标目标数 × 100。百分数保留 1 位小数（四舍五入）。
""", fields=[{"key": "fn", "label": "漏标数"}, {"key": "fp", "label": "多标数"},
                 {"key": "precision", "label": "精确率（%）"}, {"key": "recall", "label": "召回率（%）"}],
        gold={"cells": {"fn": fn, "fp": fp, "precision": prec, "recall": rec}},
        params={"tolerance": 0.05},
        explanation=f"""
漏标 = {gold_n} − {tp} − {mis} = {fn}；多标 = {ans_n} − {tp} − {mis} = {fp}。精确率 = {tp}/{ans_n} ≈ {prec}%，召回率 = {tp}/{gold_n} = {rec}%。
精确率反映准确性（标出来的有多少是对的），召回率反映完整性（该标的有多少标出来了），审核报告要同时给出。
"""))
    # ---- 2.2.3 screening by review result
    samples = [("s01", "合格", "—"), ("s02", "不合格：漏标", "已修正，复审通过"), ("s03", "存疑：说话人口音无法判断", "—"),
               ("s04", "不合格：转写错字", "已修正，复审未通过"), ("s05", "合格", "—"), ("s06", "不合格：时间戳错位", "未修正"),
               ("s07", "合格", "—"), ("s08", "不合格：标点错误", "已修正，复审通过"), ("s09", "存疑：含疑似个人信息", "—"),
               ("s10", "合格", "—"), ("s11", "不合格：说话人标签错误", "已修正，复审通过")]

    def drop(s):
        return s[1].startswith("存疑") or (s[1].startswith("不合格") and s[2] != "已修正，复审通过")

    out = [s[0] for s in samples if drop(s)]
    items.append(item(
        id="L4-P-EX-SCR-001", kind="select", skills=["2.2.3"], difficulty=2, use=EXAM,
        prompt="根据语音转写数据的审核结果筛选数据：选出**不能**进入本期训练集的样本。",
        spec="""
筛选规则：
1. 审核合格的样本进入训练集；
2. 不合格样本只有在**修正后复审通过**时才能进入训练集；未修正或复审未通过的不进入；
3. 存疑样本先不进入训练集，移入“待定”目录，提交规范负责人确认。
""", entries=[{"id": s[0], "text": f"{s[0]}｜审核结论：{s[1]}｜处理情况：{s[2]}"} for s in samples],
        gold={"ids": out},
        explanation=f"""
不能进入的是 {'、'.join(out)}：s04 复审未通过；s06 未修正；s03、s09 是存疑样本，按规则暂不使用（s09 还要先确认是否需要脱敏）。s02、s08、s11 虽然最初不合格，但已修正并复审通过，可以进入。
"""))
    batches = [("B11", 400, 394, 0), ("B12", 250, 247, 0), ("B13", 500, 489, 0), ("B14", 300, 298, 2),
               ("B15", 600, 588, 0), ("B16", 200, 195, 0)]
    rej = [b[0] for b in batches if b[2] / b[1] < 0.98 or b[3] > 0]
    rates = "、".join(f"{b[0]} {round_half_up(b[2] / b[1] * 100, 1)}%" for b in batches)
    items.append(item(
        id="L4-P-EX-SCR-002", kind="select", skills=["2.2.3"], difficulty=3, use=EXAM,
        prompt=f"各批次的抽检结果如下。按验收规则选出应**退回返工**的批次。\n\n{md_table(['批次', '抽检数', '正确数', '严重错误数'], batches)}\n",
        spec="验收规则：抽检正确率（正确数 ÷ 抽检数）≥ 98% **且** 无严重错误（如隐私信息未脱敏）的批次验收通过；否则整批退回返工。",
        entries=[{"id": b[0], "text": f"{b[0]}｜抽检 {b[1]}｜正确 {b[2]}｜严重错误 {b[3]}"} for b in batches],
        gold={"ids": rej},
        explanation=f"""
各批正确率：{rates}。退回的是 {'、'.join(rej)}：正确率低于 98% 的批次，以及正确率达标但有严重错误的 B14。
B15（588/600 = 98.0%）正好等于 98%，“≥”包含等号，验收通过。
"""))
    # ---- 3.1.1 knowledge base: similar questions
    std = ["如何办理停机保号", "如何查询话费", "如何更改套餐", "宽带故障报修", "转人工客服"]
    qs = [("q1", "出国半年，手机号不想注销，怎么办？", "如何办理停机保号"), ("q2", "这个月扣了多少钱？", "如何查询话费"),
          ("q3", "家里网连不上了，灯一直闪红。", "宽带故障报修"), ("q4", "流量不够用，想换个大流量的。", "如何更改套餐"),
          ("q5", "别让机器人回答了，我要找工作人员。", "转人工客服"), ("q6", "账户余额还剩多少？", "如何查询话费"),
          ("q7", "暂时不用这张卡了，但号码要留着。", "如何办理停机保号"), ("q8", "网速特别慢，看视频一直卡。", "宽带故障报修")]
    items.append(item(
        id="L4-P-EX-KB-001", kind="classify", skills=["3.1.1"], difficulty=2, use=EXAM,
        prompt="为了扩充运营商智能客服知识库的相似问法，把用户的真实提问匹配到对应的标准问题上。",
        spec="标准问题：" + "、".join(f"`{s}`" for s in std) + "。按用户的真实意图匹配，每条只匹配一个标准问题。",
        labels=std, entries=[{"id": i, "text": t} for i, t, _ in qs], gold={"labels": {i: l for i, _, l in qs}},
        explanation="""
- q1“号码不想注销”和 q7“号码要留着”说法不同，意图都是停机保号。
- q4 想换大流量，是更改套餐，不是查询话费；q6 问余额 → 如何查询话费。
- q3 连不上网、q8 网速慢都是宽带故障报修；q5 的核心诉求是找人工客服。
把真实用户的多样化问法挂到标准问题下，能直接提升智能客服的命中率。
"""))
    # ---- 3.1.2 training data maintenance
    data = [("d01", "把空调调到26度", "控制家电", ""), ("d02", "明天几点日出", "查询天气", ""),
            ("d03", "打开客厅的灯", "播放音乐", ""), ("d04", "把空调调到26度", "控制家电", "与 d01 完全相同"),
            ("d05", "#@%&*", "其他", ""), ("d06", "下周一提醒我交房租", "设置提醒", "与测试集 t12 完全相同"),
            ("d07", "来点摇滚乐", "播放音乐", ""), ("d08", "今晚会降温吗", "查询天气", "")]
    rm = ["d03", "d04", "d05", "d06"]
    items.append(item(
        id="L4-P-EX-DATA-001", kind="select", skills=["3.1.2"], difficulty=3, use=EXAM,
        prompt="维护智能家居语音助手的意图识别训练数据。检查下面的训练样本，选出需要**从训练集移除**（或修正后才能使用）的样本。",
        spec="需要处理的样本：文本为乱码或空；标签明显错误；训练集内部重复（保留编号最小的一条）；与测试集重复（会造成数据泄漏，必须从训练集移除）。",
        entries=[{"id": d[0], "text": f"{d[0]}｜{d[1]}｜标签 {d[2]}" + (f"｜备注：{d[3]}" if d[3] else "")} for d in data],
        gold={"ids": rm},
        explanation="""
需要处理的是 d03（“打开客厅的灯”标成了播放音乐，标签错误）、d04（与 d01 重复）、d05（乱码）、d06（与测试集样本完全相同）。
d06 本身标注正确，但留在训练集里会造成数据泄漏：模型在测试时等于“背答案”，测出的效果虚高。d02“几点日出”属于天气类信息查询，标签正确。
"""))
    # ---- 3.2.2 deployment sizing
    peak, per, head, gpn = 540, 60, 0.25, 2
    need = peak * (1 + head)
    inst = math.ceil(need / per)
    servers = math.ceil(inst / gpn)
    items.append(item(
        id="L4-P-EX-DEP-001", kind="table", skills=["3.2.2"], difficulty=3, use=EXAM,
        prompt=f"""
某语音识别服务准备上线。业务预计高峰每秒请求数（QPS）为 {peak}。压测结果：每个服务实例在满足延迟要求时最多承载 {per} QPS，每个实例独占 1 块 GPU；每台服务器有 {gpn} 块 GPU。
部署要求：在高峰流量基础上预留 {int(head * 100)}% 的余量；另外按“N+1”原则额外准备 1 台服务器作为冗余。计算部署所需资源。
""", spec="实例数 = ⌈高峰 QPS × (1 + 余量) ÷ 单实例 QPS⌉；服务器数（不含冗余）= ⌈实例数 ÷ 每台 GPU 数⌉；总服务器数 = 服务器数 + 1。",
        fields=[{"key": "qps", "label": "需承载的 QPS（含余量）"}, {"key": "instances", "label": "实例数"},
                {"key": "servers", "label": "服务器数（不含冗余）"}, {"key": "total", "label": "总服务器数（含冗余）"}],
        gold={"cells": {"qps": round_half_up(need, 0), "instances": inst, "servers": servers, "total": servers + 1}},
        explanation=f"""
需承载 {peak} × {1 + head:g} = {need:g} QPS；实例数 = ⌈{need:g} ÷ {per}⌉ = {inst}（{need / per:.2f} 个实例向上取整）；服务器 = ⌈{inst} ÷ {gpn}⌉ = {servers} 台；加 1 台冗余共 {servers + 1} 台。
预留余量和 N+1 冗余，是为了应对突发流量和单台故障，保证服务持续可用。
"""))


def main():
    ASSETS.mkdir(parents=True, exist_ok=True)
    clips = read_clips()
    rev, text, defs, qual, spec, speech, sysi, rubs = [], [], [], [], [], [], [], []
    review_items(rev)
    text_qa_items(text)
    definition_items(defs)
    quality_items(qual)
    spec_items(spec)
    speech_items(speech, clips)
    system_items(sysi)
    rubric_items(rubs)
    hdr = "Level 4 practical items"
    write_bank(OUT / "practical-review-image.toml", "图像标注审核与纠错（实操）", rev, hdr + ": image label review and correction")
    write_bank(OUT / "practical-review-text.toml", "文本标注审核与纠错（实操）", text, hdr + ": text label QA and correction")
    write_bank(OUT / "practical-data-definition.toml", "数据归类和定义（实操）", defs, hdr + ": analysis, classification, definition")
    write_bank(OUT / "practical-data-quality.toml", "数据质量检验、审核统计与筛选（实操）", qual, hdr + ": data QA, statistics, screening")
    write_bank(OUT / "practical-specs.toml", "采集处理规范与流程优化（实操）", spec, hdr + ": specifications and process optimisation")
    write_bank(OUT / "practical-speech.toml", "语音标注质检（实操）", speech, hdr + ": speech QA and transcript correction")
    write_bank(OUT / "practical-system.toml", "智能系统维护与优化（实操）", sysi, hdr + ": knowledge base, data, scenarios, deployment")
    write_bank(OUT / "practical-reports.toml", "审核报告与方案（评分细则）", rubs, hdr + ": examiner-scored written tasks")
    exam = []
    exam_items(exam)
    write_bank(OUT / "exam-practical.toml", "技能考核保密题（实操）", exam,
               hdr + " for exams only: new instances of the families above, never shown in practice")
    n = sum(map(len, (rev, text, defs, qual, spec, speech, sysi, rubs)))
    print(f"level 4: {n} practical items, {len(exam)} exam-only")


if __name__ == "__main__":
    main()
