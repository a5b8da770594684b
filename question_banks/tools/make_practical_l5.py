#!/usr/bin/env python3
"""Writes the level-5 practical banks (question_banks/level5/practical-*.toml) and their images.

Run tools/make_audio.sh first (the transcript gold is read from tools/audio-clips.tsv, the same table
the synthesiser speaks). Deterministic: running it twice gives byte-identical files. Every gold
coordinate comes from the drawing code in scenes_l5.py, every count/sum from the data listed here.
"""
from __future__ import annotations

import json
import math
from collections import Counter

import scenes_l5 as S
from common_items import BOTH, EXAM, PRACTICE, QB, make_item, md_table, read_clips, round_half_up
from pbank import COCO_KP_ZH, offsets, thumb, write_bank

OUT = QB / "level5"
ASSETS = OUT / "assets"
IMG = {"width": 640, "height": 480}


def item(**kw):
    return make_item(5, **kw)


# =========================================================================================== images
SPEC_TL = """
- **标签**：`traffic_light`（机动车信号灯）。
- **标注对象**：所有灯面朝向镜头的信号灯，包括远处的小信号灯（灯箱短边 ≥ 8 像素即须标注）。**背对镜头**、只能看到灰色背板的信号灯**不标**。
- **画框**：矩形框紧贴灯箱（深色外壳）的**可见**外沿，不留空隙、不切掉灯箱；**不含灯杆和横臂**。灯箱被树木等挡住时只框可见部分。
- **属性** `state`：亮着的那盏灯的颜色，`red`（红）/ `yellow`（黄）/ `green`（绿）。
"""

SPEC_VEH = """
- **标签**：`car`（小汽车）、`bus`（公交车、大客车）、`truck`（货车）。
- **画框**：紧贴车辆的**可见部分**（含车轮、车灯），被挡住或超出图像的部分不估计、不框。
- **属性**（每辆车都要填写，两者相互独立）：
  - `occluded`：车辆有明显一部分（约 10% 以上）被其他物体（别的车辆、树木等）挡住为 `true`，否则 `false`；
  - `truncated`：车辆有一部分在图像边界以外（被画面截断）为 `true`，否则 `false`。
"""

SPEC_KP = """
- **标签**：`person`。每个人标 17 个关键点，顺序固定（COCO）：0 鼻子、1 左眼、2 右眼、3 左耳、4 右耳、5 左肩、6 右肩、7 左肘、8 右肘、9 左腕、10 右腕、11 左髋、12 右髋、13 左膝、14 右膝、15 左踝、16 右踝。
- **左右**指被标注者**自身**的左右：人面向镜头时，他的左侧在图像的**右边**。
- **位置**：标在关节中心（图中关节处黑色圆点的中心）；眼、鼻、耳标在其中心。
- **可见性 v**：2 = 可见；1 = 被其他物体挡住、但能按身体结构推断位置（点标在推断的位置）；0 = 在图像之外、无法标注（坐标填 0, 0）。
- 同时为每个人画一个紧贴其**可见部分**的矩形框（bbox）。
"""

SPEC_LANE = """
- **标签**：`lane`（车道线）。每条车道线画**一条折线**，沿线的中心，从图像底边（近处）画到最远的可见端。
- 直线车道线用 2 个点（近端、远端）即可；弯道至少每隔约 40 像素（纵向）加一个点，使折线贴合曲线。
- **虚线**按一条连续的线标注：起点为最近一段的近端，终点为最远一段的远端，中间的空隙直接连过去。
- 被车辆等挡住的部分按车道线的走向连起来，**不要断开**。
- 并排的两条线（如双黄线）**分别**各标一条。
- **属性**：`style` = `solid`（实线）/ `dashed`（虚线）；`color` = `white`（白）/ `yellow`（黄）。
"""


def _desc_box(b):
    x, y, w, h = b
    return f"[{x}, {y}, {w}, {h}]"


def image_items(items):
    # ---- traffic lights
    g, f = S.traffic_lights_1(ASSETS / "p-box-01.svg")
    items.append(item(
        id="L5-P-BOX-001", kind="boxes", skills=["2.1.2"], difficulty=2, use=BOTH, group="L5-P-G-TL",
        prompt="路口监控画面中有若干交通信号灯。按标注规范为需要标注的信号灯画框，并填写亮灯颜色属性。",
        spec=SPEC_TL, labels=["traffic_light"], attributes={"state": ["red", "yellow", "green"]}, image=IMG,
        assets=["assets/p-box-01.svg"], gold=g,
        explanation=f"""
本图应标 {len(g)} 个信号灯：左侧立柱上的红灯、横臂下的竖向绿灯和横向黄灯，以及远处矮杆上的一个小红灯（灯箱约 {g[3]['bbox'][2]}×{g[3]['bbox'][3]} 像素，短边 ≥ 8 像素，按规范必须标，最容易漏）。右侧那个灰色的灯箱是**背对镜头**的信号灯，看不到灯面、无法判断状态，规范要求不标——标上它会成为“多标”。画框只框灯箱外壳，不要把灯杆、横臂框进去，否则框会变高、与金标准的重叠度（IoU）下降。横向灯箱的框是“扁”的，不要按竖灯的习惯画。
"""))
    g, f = S.traffic_lights_2(ASSETS / "p-box-02.svg")
    items.append(item(
        id="L5-P-BOX-002", kind="boxes", skills=["2.1.2"], difficulty=3, use=BOTH, group="L5-P-G-TL",
        prompt="街景中有多个交通信号灯，其中一个被行道树部分挡住。按标注规范画框并填写亮灯颜色。",
        spec=SPEC_TL, labels=["traffic_light"], attributes={"state": ["red", "yellow", "green"]}, image=IMG,
        assets=["assets/p-box-02.svg"], gold=g,
        explanation=f"""
应标 {len(g)} 个：左侧绿灯、横臂上的横向红灯、右侧竖向黄灯、远处的小横向绿灯。横向红灯的右半部分被树冠挡住，规范要求**只框可见部分**，金标准框为 {_desc_box(f['tl2_box'])}；不要凭想象把被挡住的部分补全。亮着的红灯仍然可见，所以 `state` 可以确定为 red。最右侧立柱上的灰色灯箱是背对镜头的信号灯，不标。远处小灯虽然只有十几个像素宽，也要标——放大图像（滚轮缩放）后再画框更准。
"""))
    # ---- vehicles
    g, f = S.vehicles_1(ASSETS / "p-box-03.svg")
    items.append(item(
        id="L5-P-BOX-003", kind="boxes", skills=["2.1.2"], difficulty=3, use=BOTH, group="L5-P-G-VEH",
        prompt="为道路画面中的所有车辆画框，选择类别并填写 `occluded`（遮挡）和 `truncated`（截断）属性。",
        spec=SPEC_VEH, labels=["car", "bus", "truck"],
        attributes={"occluded": ["true", "false"], "truncated": ["true", "false"]}, image=IMG,
        assets=["assets/p-box-03.svg"], gold=g,
        explanation=f"""
共 4 辆车：
- 左边的黄色公交车有一段在画面左边缘之外：`truncated = true`，框从图像左边缘（x = 0）画起。
- 右边的货车车头被画面右边缘截断：`truncated = true`。
- 红色小汽车的车尾部分被前面的蓝色小汽车挡住：`occluded = true`，框只框可见部分，宽度比整车小（金标准 {_desc_box(f['c1']['bbox'])}）。
- 蓝色小汽车完整可见：两个属性都是 `false`。
遮挡和截断是两回事：遮挡是被**别的物体**挡住，截断是超出**图像边界**。两者可以同时出现，需要分别判断。
"""))
    g, f = S.vehicles_2(ASSETS / "p-box-04.svg")
    items.append(item(
        id="L5-P-BOX-004", kind="boxes", skills=["2.1.2"], difficulty=3, use=BOTH, group="L5-P-G-VEH",
        prompt="为街道画面中的所有车辆画框，选择类别并填写 `occluded` 和 `truncated` 属性。",
        spec=SPEC_VEH, labels=["car", "bus", "truck"],
        attributes={"occluded": ["true", "false"], "truncated": ["true", "false"]}, image=IMG,
        assets=["assets/p-box-04.svg"], gold=g,
        explanation=f"""
共 4 辆车：
- 左侧黄色小汽车被行道树的树干挡住一部分：`occluded = true`。挡住它的是树而不是车，同样算遮挡。树干后面车身的左右两段都是可见的，所以框仍从车尾画到车头。
- 绿色公交车的右下部被前方紫色小汽车挡住：`occluded = true`，类别是 `bus` 不是 `car`。
- 紫色小汽车完整可见：两个属性都为 `false`。
- 右下角的白色小汽车超出画面右边缘：`truncated = true`，框只画到 x = 640。
"""))
    g, f = S.people_bikes(ASSETS / "p-box-05.svg")
    c = Counter(x["label"] for x in g)
    items.append(item(
        id="L5-P-BOX-005", kind="boxes", skills=["2.1.2"], difficulty=2, use=BOTH,
        prompt="为画面中的行人、自行车和小汽车画框。",
        spec="""
- **标签**：`person`（行人）、`bicycle`（自行车）、`car`（小汽车）。
- **画框**：紧贴目标的**可见部分**。人框从头顶到脚底、左右到两臂最外侧；自行车框包括两个车轮的外缘、车把和车座。
- 远处的小目标也要标；目标被其他物体挡住时只框可见部分。
""", labels=["person", "bicycle", "car"], image=IMG, assets=["assets/p-box-05.svg"], gold=g,
        explanation=f"""
应标 {c['person']} 个 person、{c['bicycle']} 辆 bicycle、{c['car']} 辆 car，共 {len(g)} 个框。容易出错的地方：远处穿红衣服的行人比较小，容易漏标；站在小汽车前面的行人挡住了车身的一部分，小汽车的框仍按可见部分的最外沿画（车头、车尾都可见，框的宽度不变）；行人的框要包括张开的手臂，不要只框躯干。
"""))
    g, f = S.shelf(ASSETS / "p-box-06.svg")
    cnt = f["counts"]
    items.append(item(
        id="L5-P-BOX-006", kind="boxes", skills=["2.1.2"], difficulty=2, use=BOTH,
        prompt="零售货架图片：为每一件商品画框并选择类别（用于商品识别模型）。",
        spec="""
- **标签**：`bottle`（瓶装商品，框含瓶盖）、`can`（罐装商品，框含罐顶）、`box`（盒装商品）。
- 每件商品单独画一个框，紧贴商品外沿。
- 被画面边缘截断的商品**也要标**，框画到图像边缘为止。
- 货架隔板、价签不标。
""", labels=["bottle", "can", "box"], image=IMG, assets=["assets/p-box-06.svg"], gold=g,
        explanation=f"""
共 {len(g)} 件商品：bottle {cnt['bottle']} 件、can {cnt['can']} 件、box {cnt['box']} 件。瓶子的框要从瓶盖顶端画到瓶底，只框瓶身会让框的高度少三分之一以上，IoU 可能低于合格线。最右上角的蓝色罐子只露出一部分，按规范仍要标注，框画到图像右边缘；漏标它是本题最常见的错误。下层右侧的紫色瓶子是瓶装商品，不要因为它在下层就和罐子混淆。
"""))
    # ---- polygons
    g, _ = S.aerial_1(ASSETS / "p-poly-01.svg")
    items.append(item(
        id="L5-P-POLY-001", kind="polygons", skills=["2.1.2"], difficulty=2, use=BOTH,
        prompt="航拍图像：用多边形标出所有建筑物屋顶和池塘。",
        spec="""
- **标签**：`building`（建筑物屋顶）、`pond`（池塘、水面）。
- 沿目标外轮廓依次点击顶点（顺时针、逆时针均可），形成闭合多边形，多边形不得自相交。
- 直角建筑在每个拐角放一个点：矩形 4 个点、L 形 6 个点，直边中间不加多余的点；斜放的建筑同样只标 4 个角。
- 池塘等不规则轮廓沿边缘取点，相邻两点间距不超过约 60 像素。
- 道路、草地不标。
""", labels=["building", "pond"], image=IMG, assets=["assets/p-poly-01.svg"], gold=g,
        explanation="""
共 4 个目标：左上矩形屋顶（4 点）、右上 L 形屋顶（6 点）、左下**斜放**的矩形屋顶（4 点，沿它自己的四个角，不要画成水平矩形）、右下不规则池塘（沿岸边取 10 个以上的点）。多边形的评分按与金标准的**面积交并比**计算：L 形如果只画成外接矩形，会多出右下角一大块空地，交并比明显下降；池塘点取得太少，会切掉岸边的凸出部分。
"""))
    g, _ = S.aerial_2(ASSETS / "p-poly-02.svg")
    items.append(item(
        id="L5-P-POLY-002", kind="polygons", skills=["2.1.2"], difficulty=3, use=BOTH,
        prompt="农田航拍图像：用多边形标出每一块耕地、池塘和建筑物。",
        spec="""
- **标签**：`farmland`（耕地，每个地块单独一个多边形）、`pond`（池塘）、`building`（建筑物屋顶）。
- 耕地以田埂、道路为界，每块地沿其外边缘在各个拐角放点；地块不一定是规整的矩形，按实际拐角标。
- 池塘沿岸边取点，相邻两点间距不超过约 60 像素；建筑物在每个拐角放一个点。
- 多边形闭合、不自相交；道路不标。
""", labels=["farmland", "pond", "building"], image=IMG, assets=["assets/p-poly-02.svg"], gold=g,
        explanation="""
共 5 个目标：3 块耕地（都是略有倾斜的四边形，各 4 个点）、1 个池塘、1 栋 L 形小房子（6 个点）。耕地要**一块一个多边形**：上面两块被一条小路隔开，不能合成一个大多边形，否则会漏掉一块并多出路面面积。下方的道路是斜的，右下地块的上边沿也随之倾斜，按实际拐角点击即可。
"""))
    g, _ = S.signs(ASSETS / "p-poly-03.svg")
    items.append(item(
        id="L5-P-POLY-003", kind="polygons", skills=["2.1.2"], difficulty=2, use=BOTH,
        prompt="道路交通标志图像：用多边形标出每块标志牌的外轮廓。",
        spec="""
- **标签**：`stop_sign`（停车让行标志，八角形）、`warning_sign`（警告标志，三角形）、`speed_limit_sign`（限速标志，圆形）。
- 沿标志牌**最外缘**（含边框）描点，不含立杆。
- 八角形在 8 个角各放一点；三角形在 3 个角各放一点；圆形沿边缘均匀取不少于 12 个点。
""", labels=["stop_sign", "warning_sign", "speed_limit_sign"], image=IMG, assets=["assets/p-poly-03.svg"],
        gold=g,
        explanation="""
三块标志形状不同，点数也不同：八角形 8 个角点、三角形 3 个角点（含外侧黑色边框）、圆形标志至少 12 个点（金标准取 16 个）。常见错误：三角形只沿黄色内区描点（漏掉黑色边框，面积偏小）；圆形只点 4~6 个点，变成方形或六边形，面积交并比下降；把立杆也圈进来。
"""))
    g, _ = S.roofs_trees(ASSETS / "p-poly-04.svg")
    items.append(item(
        id="L5-P-POLY-004", kind="polygons", skills=["2.1.2"], difficulty=3, use=BOTH,
        prompt="航拍图像：部分屋顶被树冠遮住。按本题规范用多边形标出建筑物屋顶和池塘。",
        spec="""
- **标签**：`building`（建筑物屋顶）、`pond`（池塘）。
- **本项目要求标注屋顶的完整形状**：被树冠遮住的部分按规则形状补全——把可见的两条边沿原方向延长，在它们的交点处放拐角点。
- 直角建筑每个拐角一个点（矩形 4 点、L 形 6 点）；池塘沿岸边取点，相邻两点间距不超过约 60 像素。
- 树木本身不标。
""", labels=["building", "pond"], image=IMG, assets=["assets/p-poly-04.svg"], gold=g,
        explanation="""
不同项目对遮挡的要求不同：车辆检测常要求“只框可见部分”，而本项目（屋顶轮廓提取）要求**补全**。一定以本题规范为准。左上矩形屋顶的右下角、右上 L 形屋顶的右上角被树冠遮住：把相邻两条可见边延长相交，就得到被遮住的拐角，矩形仍是 4 个点、L 形仍是 6 个点。如果沿着树冠边缘描点，多边形会缺一块，还会多出许多不必要的点。
"""))
    # ---- keypoints
    kp_names = "、".join(f"{i} {n}" for i, n in enumerate(COCO_KP_ZH))
    g, _ = S.kp_single(ASSETS / "p-kpt-01.svg")
    items.append(item(
        id="L5-P-KPT-001", kind="keypoints", skills=["2.1.2"], difficulty=2, use=BOTH,
        prompt="为图中面向镜头站立的人标注 17 个人体关键点，并画出人体框。",
        spec=SPEC_KP, labels=["person"], image=IMG, assets=["assets/p-kpt-01.svg"], gold=g,
        explanation=f"""
17 个点的顺序：{kp_names}。此人**面向镜头**，所以他的左肩、左肘、左腕、左髋、左膝、左踝都在图像的**右侧**，左眼、左耳也在右侧。把左右按图像方向标反，是关键点标注最常见、扣分最多的错误（评分用 OKS，左右对调后每个点都离得很远）。本图所有点都可见，v 都填 2。
"""))
    g, _ = S.kp_wave_box(ASSETS / "p-kpt-02.svg")
    items.append(item(
        id="L5-P-KPT-002", kind="keypoints", skills=["2.1.2"], difficulty=3, use=BOTH,
        prompt="图中的人举起一只手在挥手，脚边有一个纸箱。标注 17 个关键点（注意可见性）和人体框。",
        spec=SPEC_KP, labels=["person"], image=IMG, assets=["assets/p-kpt-02.svg"], gold=g,
        explanation="""
举起的是**右手**（在图像左侧）：右肘、右腕位于头部左上方，编号 8、10。纸箱挡住了他**左小腿**的下半段：左膝（13）仍然可见，v = 2；左踝（15）被挡住，但可以顺着小腿的方向、参照右踝的高度推断出来，所以 v = 1，点标在推断的位置（纸箱上、与右踝大致同一高度）。被遮挡的点不要填 0——0 只用于图像之外、完全无法标注的点。人体框只框可见部分，下边缘到右脚为止。
"""))
    g, _ = S.kp_two_cut(ASSETS / "p-kpt-03.svg")
    items.append(item(
        id="L5-P-KPT-003", kind="keypoints", skills=["2.1.2"], difficulty=3, use=BOTH,
        prompt="图中有两个人，右边的人有一部分在画面之外。为两个人分别标注 17 个关键点和人体框。",
        spec=SPEC_KP, labels=["person"], image=IMG, assets=["assets/p-kpt-03.svg"], gold=g,
        explanation="""
两个人各标一组 17 个点，不要把两个人的点混在一组里。右边的人靠近画面右边缘：他的**左**肩（5）还在画面内，v = 2；左肘（7）和左腕（9）已经出了画面，按规范 v = 0，坐标填 0, 0——这与“被物体挡住（v = 1）”不同：出画面的点无从推断，也不应凭空猜测。左边的人左臂向外张开（在图像右侧），左肘、左腕的位置比右臂更靠外。
"""))
    g, _ = S.kp_crossed(ASSETS / "p-kpt-04.svg")
    items.append(item(
        id="L5-P-KPT-004", kind="keypoints", skills=["2.1.2"], difficulty=4, use=BOTH,
        prompt="图中的人双臂交叉在胸前、双膝微屈。标注 17 个关键点和人体框。",
        spec=SPEC_KP, labels=["person"], image=IMG, assets=["assets/p-kpt-04.svg"], gold=g,
        explanation="""
双臂交叉时，手腕跑到了身体的另一侧：他的**左腕**（9）在图像**左**半边，**右腕**（10）在图像右半边。判断方法是沿着手臂从肩膀顺下去：从左肩（图像右侧）出发，经左肘（图像右侧），手臂折向身体中线，末端就是左腕。不能因为某个手腕在图像左边就标成右腕。膝盖外张、脚踝内收，也要沿腿的连线逐个确认。所有点都可见，v = 2。
"""))
    # ---- polylines
    g, _ = S.lanes_straight(ASSETS / "p-line-01.svg")
    items.append(item(
        id="L5-P-LINE-001", kind="polylines", skills=["2.1.2"], difficulty=2, use=BOTH,
        prompt="自动驾驶前视图像：用折线标出所有车道线，并填写线型和颜色属性。",
        spec=SPEC_LANE, labels=["lane"], attributes={"style": ["solid", "dashed"], "color": ["white", "yellow"]},
        image=IMG, assets=["assets/p-line-01.svg"], gold=g,
        explanation="""
共 4 条车道线，从左到右：黄色实线、白色虚线、白色虚线、白色实线。虚线不要一段一段地标，而是从最近一段的近端一直连到最远一段的远端，作为**一条**线；否则会变成多条短线，与金标准一一配对时只有一段能配上，其余都算多标。直道上每条线 2 个点即可，点放在线的中心。
"""))
    g, _ = S.lanes_curved(ASSETS / "p-line-02.svg")
    items.append(item(
        id="L5-P-LINE-002", kind="polylines", skills=["2.1.2"], difficulty=3, use=BOTH,
        prompt="弯道图像：用折线标出所有车道线（弯道处要加够点），并填写线型和颜色属性。",
        spec=SPEC_LANE, labels=["lane"], attributes={"style": ["solid", "dashed"], "color": ["white", "yellow"]},
        image=IMG, assets=["assets/p-line-02.svg"], gold=g,
        explanation="""
4 条白线：两侧实线、中间两条虚线，全部向右弯。弯道只用起点、终点两个点会变成一条直的弦，中段偏离真实车道线几十像素，相似度会明显降低。规范要求纵向每隔约 40 像素加一个点，从图像底边到远端约 240 像素，至少需要 6~8 个点。评分时两条折线按长度等距重采样后逐点比较，所以点要**落在线的中心**，并且要覆盖全长。
"""))
    g, _ = S.lanes_double_car(ASSETS / "p-line-03.svg")
    items.append(item(
        id="L5-P-LINE-003", kind="polylines", skills=["2.1.2"], difficulty=3, use=BOTH,
        prompt="图像中有双黄线，前方一辆车压住了一条虚线。按规范用折线标出所有车道线并填写属性。",
        spec=SPEC_LANE, labels=["lane"], attributes={"style": ["solid", "dashed"], "color": ["white", "yellow"]},
        image=IMG, assets=["assets/p-line-03.svg"], gold=g,
        explanation="""
共 4 条：双黄线按规范**分别**标成两条黄色实线；右侧白色虚线的中段被前车挡住，要按走向从近端一直连到远端，不能在车尾处断开成两条；最右侧为白色实线。双黄线两条线靠得很近，画之前放大图像，把每条折线放在各自线条的中心；两条都画在中间会让其中一条配不上。
"""))


# =========================================================================================== text
SPEC_SENT = """
- **标签**：`正面`、`负面`、`中性`，每条评论选一个。
- 正面：对商品/服务总体满意、表扬、推荐；负面：总体不满、批评、不推荐；中性：只陈述事实、提问、或尚未使用，没有明显褒贬。
- 有褒有贬时，以**整体结论**为准（“总体满意”“不会再来了”这类结论句）；转折句（虽然…但是…、可惜…）一般以转折**后**的内容为准。
- 反话（如带引号的“好”）按说话人的**真实态度**判断。
"""


def text_items(items):
    e1 = [("e1", "耳机音质很清楚，降噪效果也不错，值这个价。", "正面"),
          ("e2", "用了三天就充不进电了，联系客服也没人回。", "负面"),
          ("e3", "快递周二送到的，外包装是纸盒。", "中性"),
          ("e4", "屏幕颜色很正，就是电池不太耐用，总体还算满意。", "正面"),
          ("e5", "说是全新的，结果拆开有明显划痕，太失望了。", "负面"),
          ("e6", "请问这款有没有白色的？", "中性"),
          ("e7", "第二次回购了，家里人都说好用。", "正面"),
          ("e8", "做工粗糙，线头到处都是，不推荐购买。", "负面")]
    items.append(item(
        id="L5-P-CLS-001", kind="classify", skills=["2.1.2"], difficulty=1, use=BOTH,
        prompt="电商商品评论情感标注：为每条评论选择情感类别。",
        spec=SPEC_SENT, labels=["正面", "负面", "中性"],
        entries=[{"id": i, "text": t} for i, t, _ in e1], gold={"labels": {i: l for i, _, l in e1}},
        explanation="""
- e3 只陈述了送达时间和包装，e6 是提问，都没有褒贬，属于中性。
- e4 先夸屏幕、后说电池不足，但结论是“总体还算满意”，按整体结论标正面。
- e2、e5、e8 都表达了不满（质量问题、服务无回应、货不对板），是负面。
情感标注看的是**作者对对象的态度**，而不是句子里有没有“好”“差”之类的字眼。
"""))
    e2 = [("e1", "环境一般，但是菜的味道真的没话说，下次还来。", "正面"),
          ("e2", "服务员态度倒是挺热情，可惜菜上得太慢，等了一个小时，不会再来了。", "负面"),
          ("e3", "这家酒店离火车站步行五分钟，房间有窗。", "中性"),
          ("e4", "“好”得很，空调坏了两天都没人来修。", "负面"),
          ("e5", "本来没抱什么期望，没想到房间这么干净，惊喜。", "正面"),
          ("e6", "朋友推荐来的，打算周末带家人来试试。", "中性"),
          ("e7", "价格不便宜，不过一分钱一分货，物有所值。", "正面"),
          ("e8", "菜量少得可怜，味道也就那样，性价比太低。", "负面")]
    items.append(item(
        id="L5-P-CLS-002", kind="classify", skills=["2.1.2"], difficulty=3, use=BOTH,
        prompt="餐饮、酒店评论情感标注（含转折和反话）：为每条评论选择情感类别。",
        spec=SPEC_SENT, labels=["正面", "负面", "中性"],
        entries=[{"id": i, "text": t} for i, t, _ in e2], gold={"labels": {i: l for i, _, l in e2}},
        explanation="""
- e1、e7：转折（但是、不过）后面是肯定，且有“下次还来”“物有所值”的结论 → 正面。
- e2：前面夸服务员，“可惜”之后是批评，结论“不会再来了” → 负面。
- e4：带引号的“好”是反话，后半句说明真实态度是不满 → 负面。
- e3 只陈述位置和设施；e6 还没有消费，只是打算 → 中性。
只看关键词会把 e2 标成正面、把 e4 标成正面，这正是本题要练习的地方。
"""))
    e3 = [("e1", "明天出门要不要带伞？", "查询天气"), ("e2", "来一首周杰伦的《晴天》。", "播放音乐"),
          ("e3", "明早六点半叫我起床。", "设置闹钟"), ("e4", "把卧室的灯调暗一点。", "控制家电"),
          ("e5", "太吵了，把电视关了吧。", "控制家电"), ("e6", "周末北京会下雪吗？", "查询天气"),
          ("e7", "给我讲个笑话。", "其他"), ("e8", "每个工作日早上七点提醒我吃药。", "设置闹钟"),
          ("e9", "我想听点轻松的钢琴曲。", "播放音乐"), ("e10", "空气净化器开到最大档。", "控制家电"),
          ("e11", "今天几号？", "其他")]
    items.append(item(
        id="L5-P-CLS-003", kind="classify", skills=["2.1.2"], difficulty=2, use=BOTH,
        prompt="智能音箱用户指令意图标注：为每条指令选择意图类别。",
        spec="""
- **标签**：`查询天气`、`播放音乐`、`设置闹钟`、`控制家电`、`其他`。
- 查询天气：询问天气、气温、降雨降雪、是否需要带伞等；播放音乐：点歌、按风格或歌手听音乐；设置闹钟：定时叫醒、定时提醒；控制家电：开关或调节灯、电视、空调、净化器等设备。
- 不属于以上四类的（闲聊、讲笑话、问日期等）标 `其他`。
- 按用户**想让系统做的事**判断，不按句中出现的词（如歌名里的“晴天”不是查天气）。
""", labels=["查询天气", "播放音乐", "设置闹钟", "控制家电", "其他"],
        entries=[{"id": i, "text": t} for i, t, _ in e3], gold={"labels": {i: l for i, _, l in e3}},
        explanation="""
- e1 没出现“天气”二字，但“要不要带伞”是在问会不会下雨 → 查询天气。
- e2 的“晴天”是歌名，用户要的是播放歌曲 → 播放音乐。
- e8 是定时提醒，规范把定时叫醒和定时提醒都归入设置闹钟。
- e5 前半句“太吵了”是原因，真正的指令是关电视 → 控制家电。
- e11 问的是日期，不是天气 → 其他。
意图标注要抓住用户希望系统执行的**动作**。
"""))
    e4 = [("e1", "我卡里还剩多少钱？", "查询余额"),
          ("e2", "钱包丢了，里面有两张你们的储蓄卡，怎么办？", "挂失补卡"),
          ("e3", "给我妈的账户打五千块钱。", "转账汇款"),
          ("e4", "网点排队排了一个半小时，太离谱了。", "投诉建议"),
          ("e5", "工资到账了没有，帮我看看余额。", "查询余额"),
          ("e6", "卡被取款机吞了，需要重新办一张。", "挂失补卡"),
          ("e7", "跨行转账的手续费怎么收？", "转账汇款"),
          ("e8", "建议你们的手机应用加一个夜间模式。", "投诉建议"),
          ("e9", "附近哪个网点周六营业？", "其他"),
          ("e10", "帮我把房租转给房东，账号我发你。", "转账汇款")]
    items.append(item(
        id="L5-P-CLS-004", kind="classify", skills=["2.1.2"], difficulty=2, use=BOTH,
        prompt="银行客服对话意图标注：为每条用户消息选择意图类别。",
        spec="""
- **标签**：`查询余额`、`转账汇款`、`挂失补卡`、`投诉建议`、`其他`。
- 按用户想办理或咨询的**业务**归类；咨询某项业务的规则、费用，也归入该业务（如问转账手续费 → 转账汇款）。
- 卡片丢失、被吞、损坏需要挂失或补办 → 挂失补卡；表达不满或提出改进意见 → 投诉建议。
- 不属于以上业务的（网点营业时间、地址等）→ 其他。
""", labels=["查询余额", "转账汇款", "挂失补卡", "投诉建议", "其他"],
        entries=[{"id": i, "text": t} for i, t, _ in e4], gold={"labels": {i: l for i, _, l in e4}},
        explanation="""
- e2 没有出现“挂失”二字，但丢卡后问“怎么办”，业务就是挂失补卡；e6 卡被吞需要重办，同样是挂失补卡。
- e5 先问工资到没到账，实质是看余额 → 查询余额。
- e7 是咨询转账的费用，按规范归入转账汇款。
- e4 是投诉、e8 是建议，两者都归投诉建议。
- e9 问网点营业时间，不属于四类业务 → 其他。
"""))
    e5 = [("e1", "国家队在亚洲杯小组赛中两球取胜，提前一轮出线。", "体育"),
          ("e2", "多家银行下调定期存款利率，三年期利率降至2%以下。", "财经"),
          ("e3", "某手机厂商发布新一代折叠屏手机，搭载自研芯片。", "科技"),
          ("e4", "这部电视剧开播首周网络播放量突破十亿次。", "娱乐"),
          ("e5", "教育部门发文，要求中小学保障学生每天校内体育活动时间。", "教育"),
          ("e6", "多所高校公布新学年招生计划，新增人工智能专业。", "教育"),
          ("e7", "某新能源车企三季度营收同比增长三成，股价盘中大涨。", "财经"),
          ("e8", "科研团队研制出新型固态电池，能量密度显著提升。", "科技"),
          ("e9", "歌手宣布将于年底举办巡回演唱会。", "娱乐"),
          ("e10", "城市马拉松吸引三万名跑者参加，男子组冠军刷新赛会纪录。", "体育")]
    items.append(item(
        id="L5-P-CLS-005", kind="classify", skills=["2.1.2"], difficulty=3, use=BOTH,
        prompt="新闻标题主题分类：为每条标题选择主题类别。",
        spec="""
- **标签**：`体育`、`财经`、`科技`、`娱乐`、`教育`。
- 按新闻报道的**核心事件**所属领域归类：
  - 体育：比赛、赛事、运动员；财经：金融、利率、企业经营业绩、股市；科技：科研成果、新技术、新产品发布；娱乐：影视、综艺、明星、演出；教育：学校、招生、课程、教育政策。
- 涉及学校、学生的**政策**新闻归入教育，即使内容与体育、科技有关；企业业绩和股价新闻归入财经，即使企业属于科技行业。
""", labels=["体育", "财经", "科技", "娱乐", "教育"],
        entries=[{"id": i, "text": t} for i, t, _ in e5], gold={"labels": {i: l for i, _, l in e5}},
        explanation="""
两个易错点都由规范明确规定：
- e5 讲的是中小学体育活动时间，但它是面向学校的**教育政策** → 教育。
- e7 是新能源车企，但报道的核心是营收和股价 → 财经。
- e6 新增人工智能专业，核心是高校招生 → 教育；e3、e8 是新产品和科研成果 → 科技。
主题分类要先找出“这条新闻主要在报道什么事”，再对照规范的类别定义，不被个别关键词带偏。
"""))
    # ---- NER
    spec_ner = """
- **标签**：`PER`（人名）、`LOC`（地名：国家、省市、区县、街道、山川、景区等）、`ORG`（机构名：公司、学校、医院、政府部门、航空公司等）、`TIME`（日期和时间）、`MONEY`（金额）。
- 选中实体的**完整**文字：人名不含称谓和身份词（“患者”“市民”“经理”不标）；TIME 不含“在”“于”“从”等介词；MONEY 包括数字和货币单位（如“5000元”“1.5亿元”“两千三百元”）。
- 日期和紧跟的时间连在一起时作为**一个** TIME（如“1月8日上午9点”）；相连的多级行政区划作为**一个** LOC（如“深圳市南山区”）。
- 实体嵌套时只标最外层：机构名里含地名的（如“北京大学”）整体标 ORG，不再单独标其中的地名。
- 标点不包含在实体内。
"""
    ner = [
        ("L5-P-NER-001", 2, "2023年9月1日，李明到北京大学报到，并缴纳了5000元学费。",
         [("2023年9月1日", "TIME"), ("李明", "PER"), ("北京大学", "ORG"), ("5000元", "MONEY")],
         "“北京大学”是机构名，里面的“北京”不再单独标 LOC（只标最外层）。“并缴纳了”不属于金额，MONEY 只选“5000元”。"),
        ("L5-P-NER-002", 2, "张伟和王芳上周六从上海出发，乘坐东方航空的航班抵达成都，两张机票共花费2360元。",
         [("张伟", "PER"), ("王芳", "PER"), ("上周六", "TIME"), ("上海", "LOC"), ("东方航空", "ORG"), ("成都", "LOC"),
          ("2360元", "MONEY")],
         "两个并列的人名要分开标，“和”不包括在内。“从上海出发”中的“从”是介词，不属于地名。“上周六”这类相对时间也是 TIME。航空公司是机构，标 ORG。"),
        ("L5-P-NER-003", 3, "据杭州市气象台消息，3月15日下午西湖景区将有中雨，市民刘洋表示会调整出行计划。",
         [("杭州市气象台", "ORG"), ("3月15日下午", "TIME"), ("西湖景区", "LOC"), ("刘洋", "PER")],
         "“杭州市气象台”是机构，整体标 ORG，不拆出“杭州市”。日期和紧跟的“下午”合为一个 TIME。“市民”是身份词，不包含在人名里，PER 只标“刘洋”。"),
        ("L5-P-NER-004", 3, "星河科技有限公司宣布在深圳市南山区设立研发中心，首期投入1.5亿元，预计明年6月投入使用。",
         [("星河科技有限公司", "ORG"), ("深圳市南山区", "LOC"), ("1.5亿元", "MONEY"), ("明年6月", "TIME")],
         "公司名要包括“有限公司”后缀。相连的“深圳市南山区”按规范作为一个 LOC，不要拆成两个。“1.5亿元”包含小数点和“亿”，都属于金额。"),
        ("L5-P-NER-005", 4, "患者赵小红于2024年1月8日上午9点在复旦大学附属华山医院就诊，医药费共计386.5元，其中陈静为她垫付了两百元。",
         [("赵小红", "PER"), ("2024年1月8日上午9点", "TIME"), ("复旦大学附属华山医院", "ORG"), ("386.5元", "MONEY"),
          ("陈静", "PER"), ("两百元", "MONEY")],
         "“患者”不属于人名；“于”是介词，TIME 从“2024”开始，日期和时间连在一起是一个实体。医院全称里嵌套了大学名，只标最外层的 ORG。汉字写的“两百元”同样是 MONEY。"),
    ]
    for iid, diff, text, ents, why in ner:
        gold = offsets(text, ents)
        listing = "；".join(f"“{text[g['start']:g['end']]}” {g['label']} [{g['start']}, {g['end']})" for g in gold)
        items.append(item(
            id=iid, kind="spans", skills=["2.1.2"], difficulty=diff, use=BOTH,
            prompt="命名实体标注：在下面的文本中选出所有人名、地名、机构名、时间和金额，并选择实体类型。",
            spec=spec_ner, labels=["PER", "LOC", "ORG", "TIME", "MONEY"], text=text, gold=gold,
            explanation=f"""
金标准共 {len(gold)} 个实体：{listing}（方括号内为字符位置，从 0 开始，右端不含）。{why}实体标注按“起点、终点、类型”三者完全一致才算对，多选或少选一个字都会判错，所以要特别注意边界。
"""))


# =========================================================================================== data
def data_items(items, clips):
    # ---- 1.1.1 collection of raw data with devices
    photos = [("IMG_0101.jpg", "JPG", (1920, 1080), "08:15", "2.4 MB"), ("IMG_0102.jpg", "JPG", (1280, 720), "09:02", "1.1 MB"),
              ("IMG_0103.png", "PNG", (1920, 1080), "09:40", "3.9 MB"), ("IMG_0104.jpg", "JPG", (1080, 1920), "10:05", "2.6 MB"),
              ("IMG_0105.jpg", "JPG", (3840, 2160), "11:30", "6.8 MB"), ("IMG_0106.jpg", "JPG", (1920, 1080), "20:12", "2.2 MB"),
              ("IMG_0107.jpg", "JPG", (2560, 1440), "14:48", "0 KB"), ("IMG_0108.jpg", "JPG", (1920, 1080), "18:55", "2.3 MB"),
              ("IMG_0109.jpg", "JPG", (1920, 1200), "07:00", "2.5 MB"), ("IMG_0110.jpg", "JPG", (1600, 1200), "13:20", "1.9 MB")]

    def bad_photo(p):
        _, fmt, (w, h), t, size = p
        return fmt != "JPG" or w < 1920 or h < 1080 or w <= h or not ("07:00" <= t <= "19:00") or size.startswith("0 ")

    ent = [{"id": f"r{i + 1:02d}", "text": f"{p[0]}｜格式 {p[1]}｜{p[2][0]}×{p[2][1]}｜拍摄 {p[3]}｜{p[4]}"}
           for i, p in enumerate(photos)]
    gold_ids = [f"r{i + 1:02d}" for i, p in enumerate(photos) if bad_photo(p)]
    items.append(item(
        id="L5-P-COLL-001", kind="select", skills=["1.1.1"], difficulty=2, use=BOTH,
        prompt="你用相机在路口为“车辆识别”项目采集了一批照片，下面是相机导出的文件信息。对照采集要求，选出**不合格**、需要重新拍摄的照片。",
        spec="""
采集要求（全部满足才合格）：
1. 文件格式为 JPG；
2. 分辨率不低于 1920×1080（宽 ≥ 1920 且 高 ≥ 1080）；
3. 横向拍摄（宽大于高）；
4. 白天拍摄：拍摄时间在 07:00–19:00 之间（含两端）；
5. 文件不是空文件（大小大于 0）。
""", entries=ent, gold={"ids": gold_ids},
        explanation=f"""
不合格的是 {'、'.join(gold_ids)}：r02 分辨率只有 1280×720；r03 是 PNG 格式；r04 是竖拍（1080×1920，宽小于高——像素总数够，但方向不对）；r06 在 20:12 拍摄，已是夜间；r07 文件大小为 0，是写入失败的空文件；r10 为 1600×1200，宽度不足 1920（虽然高度够）。
r08（18:55）和 r09（07:00）正好在时间范围内，“含两端”意味着 07:00 也合格。r09 为 1920×1200，宽、高都不低于要求，合格。采集时逐条对照要求检查，是保证后续标注数据可用的第一步。
"""))
    recs = [("rec_01.wav", 16, "单声道", 5.2, "WAV", "是"), ("rec_02.wav", 8, "单声道", 6.0, "WAV", "是"),
            ("rec_03.wav", 16, "双声道", 4.1, "WAV", "是"), ("rec_04.mp3", 16, "单声道", 7.3, "MP3", "是"),
            ("rec_05.wav", 16, "单声道", 2.4, "WAV", "是"), ("rec_06.wav", 16, "单声道", 15.0, "WAV", "是"),
            ("rec_07.wav", 16, "单声道", 9.8, "WAV", "否"), ("rec_08.wav", 16, "单声道", 3.0, "WAV", "是"),
            ("rec_09.wav", 44.1, "单声道", 8.0, "WAV", "是"), ("rec_10.wav", 16, "单声道", 16.5, "WAV", "是")]

    def bad_rec(r):
        return r[1] != 16 or r[2] != "单声道" or not (3.0 <= r[3] <= 15.0) or r[4] != "WAV" or r[5] != "是"

    ent = [{"id": f"r{i + 1:02d}", "text": f"{r[0]}｜{r[1]} kHz｜{r[2]}｜{r[3]:.1f} 秒｜{r[4]}｜已签知情同意书：{r[5]}"}
           for i, r in enumerate(recs)]
    gold_ids = [f"r{i + 1:02d}" for i, r in enumerate(recs) if bad_rec(r)]
    items.append(item(
        id="L5-P-COLL-002", kind="select", skills=["1.1.1"], difficulty=2, use=BOTH,
        prompt="你用录音设备为语音识别项目采集了一批录音，下面是每条录音的参数。选出**不符合**采集要求的录音。",
        spec="""
采集要求（全部满足才合格）：
1. 采样率 16 kHz；
2. 单声道；
3. 时长 3~15 秒（含 3 秒和 15 秒）；
4. WAV 格式；
5. 录音人已签署知情同意书。
""", entries=ent, gold={"ids": gold_ids},
        explanation=f"""
不合格的是 {'、'.join(gold_ids)}：r02 采样率 8 kHz；r03 双声道；r04 是 MP3 格式；r05 只有 2.4 秒；r07 录音人未签知情同意书——采集个人声音属于处理个人信息，应取得本人同意，缺少同意书的数据不能使用；r09 采样率 44.1 kHz，与要求不一致；r10 16.5 秒超过上限。
r06（15.0 秒）和 r08（3.0 秒）正好在边界上，要求写明“含”，因此合格。
"""))
    # ---- 1.1.2 collection from a database
    orders = [("A1001", "杭州", "2024-06-03", "已完成", 128.0), ("A1002", "杭州", "2024-05-31", "已完成", 56.5),
              ("A1003", "宁波", "2024-06-12", "已完成", 310.0), ("A1004", "杭州", "2024-06-18", "已取消", 89.0),
              ("A1005", "杭州", "2024-06-30", "已完成", 45.0), ("A1006", "杭州", "2024-07-01", "已完成", 260.0),
              ("A1007", "杭州", "2024-06-21", "已完成", 77.8), ("A1008", "温州", "2024-06-09", "已完成", 199.0),
              ("A1009", "杭州", "2024-06-01", "已完成", 15.0), ("A1010", "杭州", "2024-06-25", "待发货", 420.0),
              ("A1011", "杭州", "2024-06-14", "已完成", 66.0), ("A1012", "绍兴", "2024-06-27", "已完成", 88.0)]
    sel = [o for o in orders if o[1] == "杭州" and "2024-06-01" <= o[2] <= "2024-06-30" and o[3] == "已完成"]
    items.append(item(
        id="L5-P-COLL-003", kind="select", skills=["1.1.2"], difficulty=2, use=BOTH,
        prompt=f"""
业务数据库表 `orders` 的部分数据如下。项目组要求导出：**城市为杭州、下单日期在 2024 年 6 月内、状态为已完成**的订单，对应查询语句为：

```sql
SELECT * FROM orders
WHERE city = '杭州'
  AND order_date BETWEEN '2024-06-01' AND '2024-06-30'
  AND status = '已完成';
```

{md_table(["order_id", "city", "order_date", "status", "amount"], orders)}

选出这条查询会导出的所有订单。
""", spec="三个条件必须**同时**满足（AND）。`BETWEEN … AND …` 包含两个端点日期。只选订单编号对应的条目。",
        entries=[{"id": o[0], "text": f"{o[0]}｜{o[1]}｜{o[2]}｜{o[3]}"} for o in orders],
        gold={"ids": [o[0] for o in sel]},
        explanation=f"""
满足全部条件的是 {'、'.join(o[0] for o in sel)}，共 {len(sel)} 条。排除的原因：A1002 是 5 月 31 日、A1006 是 7 月 1 日（不在 6 月内）；A1004 已取消、A1010 待发货（状态不符）；A1003、A1008、A1012 城市不是杭州。
A1009（6 月 1 日）和 A1005（6 月 30 日）正好在端点上，`BETWEEN` 包含端点，应当导出。
"""))
    fb = [(1, "APP", "2024-05-02", 5), (2, "电话", "2024-05-03", 3), (3, "APP", "2024-04-30", 4),
          (4, "APP", "2024-05-15", None), (5, "电话", "2024-05-18", 4), (6, "网页", "2024-05-20", 2),
          (7, "APP", "2024-05-31", 5), (8, "电话", "2024-06-01", None), (9, "APP", "2024-06-02", 3),
          (10, "电话", "2024-05-25", 5), (11, "APP", "2024-05-28", 4), (12, "网页", "2024-05-09", None)]
    q1 = sum(1 for r in fb if r[1] == "APP" and "2024-05-01" <= r[2] <= "2024-05-31")
    ph = [r[3] for r in fb if r[1] == "电话" and r[3] is not None]
    q2 = round_half_up(sum(ph) / len(ph), 1)
    q3 = sum(1 for r in fb if r[3] is None)
    rows = [(r[0], r[1], r[2], "NULL" if r[3] is None else r[3]) for r in fb]
    items.append(item(
        id="L5-P-COLL-004", kind="table", skills=["1.1.2"], difficulty=3, use=BOTH,
        prompt=f"""
客服系统数据库表 `feedback`（id, channel, date, score）如下，score 为满意度评分，NULL 表示用户未评分。

{md_table(["id", "channel", "date", "score"], rows)}

写出下面三条查询的结果：

```sql
-- Q1
SELECT COUNT(*) FROM feedback WHERE channel = 'APP' AND date BETWEEN '2024-05-01' AND '2024-05-31';
-- Q2
SELECT AVG(score) FROM feedback WHERE channel = '电话';
-- Q3
SELECT COUNT(*) FROM feedback WHERE score IS NULL;
```
""", spec="按 SQL 的标准含义计算：`AVG` 会忽略 NULL 值；`BETWEEN` 包含端点。Q2 保留 1 位小数（四舍五入）。",
        fields=[{"key": "q1", "label": "Q1 结果"}, {"key": "q2", "label": "Q2 结果（保留 1 位小数）"},
                {"key": "q3", "label": "Q3 结果"}],
        gold={"cells": {"q1": q1, "q2": q2, "q3": q3}}, params={"tolerance": 0.05},
        explanation=f"""
- Q1 = {q1}：5 月内渠道为 APP 的是 id 1、4、7、11；id 3（4 月 30 日）和 id 9（6 月 2 日）不在范围内。id 4 虽然没评分，但 `COUNT(*)` 数的是行数，照样计入。
- Q2 = {q2}：电话渠道有 id 2、5、8、10，其中 id 8 为 NULL，被 `AVG` 忽略，平均值 = ({'+'.join(str(x) for x in ph)}) ÷ {len(ph)} = {q2}。如果把 NULL 当 0 算成 ÷4，会得到错误的 3.0。
- Q3 = {q3}：id 4、8、12 未评分。判断空值要用 `IS NULL`，不能写 `= NULL`。
"""))
    # ---- 1.2.1 sorting business data into categories
    tickets = [("e1", "下单五天了还显示未发货。", "物流配送"), ("e2", "收到的杯子底部有裂纹。", "商品质量"),
               ("e3", "申请退货一周了，退款还没到账。", "售后服务"), ("e4", "昨天刚买，今天就降价一百，能补差价吗？", "价格优惠"),
               ("e5", "快递员没打电话就把包裹放在门口，结果丢了。", "物流配送"), ("e6", "衣服洗了一次就严重掉色。", "商品质量"),
               ("e7", "想开发票，应该在哪里填写抬头？", "其他"), ("e8", "优惠券显示已领取，结算时却用不了。", "价格优惠"),
               ("e9", "换货寄回去了，客服一直说在处理。", "售后服务"), ("e10", "你们的门店几点关门？", "其他")]
    items.append(item(
        id="L5-P-ORG-001", kind="classify", skills=["1.2.1"], difficulty=2, use=BOTH,
        prompt="把客户反馈工单整理归类，便于分派给对应部门处理。",
        spec="""
- **类别**：`物流配送`（发货、运输、派送、包裹丢失）、`商品质量`（破损、瑕疵、功能或材质问题）、`售后服务`（退货、换货、退款、维修的办理进度）、`价格优惠`（降价、补差价、优惠券、促销）、`其他`（发票、门店信息等）。
- 每条工单只归一类，按用户**要解决的问题**归类。
""", labels=["物流配送", "商品质量", "售后服务", "价格优惠", "其他"],
        entries=[{"id": i, "text": t} for i, t, _ in tickets], gold={"labels": {i: l for i, _, l in tickets}},
        explanation="""
- e5 提到快递员和包裹丢失，是派送环节的问题 → 物流配送；e1 未发货同样归物流配送。
- e3、e9 是退款、换货的**办理进度**问题 → 售后服务，不是商品质量。
- e4 要求补差价、e8 优惠券不能用 → 价格优惠。
- e7 发票、e10 门店营业时间不属于前四类 → 其他。
整理归类时先读懂诉求，再对照类别定义，避免只看到“客服”“快递”等字样就归类。
"""))
    files = ["IMG_2031.jpeg", "meeting_0612.m4a", "dashcam_0001.mp4", "survey_result.xlsx", "contract_draft.docx",
             "readme.txt", "scan_003.png", "call_center_17.wav", "sales_q2.csv", "street_view.tif", "lecture_05.mov",
             "subtitles_05.srt"]
    ext_type = {"jpeg": "图像", "png": "图像", "tif": "图像", "m4a": "音频", "wav": "音频", "mp4": "视频", "mov": "视频",
                "xlsx": "表格", "csv": "表格", "docx": "文本", "txt": "文本", "srt": "文本"}
    gl = {f"f{i + 1:02d}": ext_type[f.rsplit(".", 1)[1]] for i, f in enumerate(files)}
    items.append(item(
        id="L5-P-ORG-002", kind="classify", skills=["1.2.1"], difficulty=1, use=BOTH,
        prompt="项目共享盘里混放着各种数据文件。按数据类型把它们归入对应的文件夹。",
        spec="""
- **文件夹**：`图像`、`音频`、`视频`、`文本`、`表格`。
- 按文件**扩展名**判断数据类型：图像（jpg/jpeg/png/tif 等）、音频（wav/mp3/m4a 等）、视频（mp4/mov/avi 等）、表格（xlsx/xls/csv 等结构化表格数据）、文本（txt/docx/字幕 srt 等文字内容）。
- 不要根据文件名里的单词猜类型（如 `subtitles_05` 和 `lecture_05` 属于不同类型）。
""", labels=["图像", "音频", "视频", "文本", "表格"],
        entries=[{"id": f"f{i + 1:02d}", "text": f} for i, f in enumerate(files)], gold={"labels": gl},
        explanation="""
关键在扩展名：`.m4a` 是音频；`.mov` 是视频；`.tif` 是图像；`.csv` 虽然是纯文本格式，但内容是逗号分隔的**表格数据**，归表格；`.srt` 字幕文件只含文字和时间码，归文本。文件名中的 `lecture`、`meeting`、`scan` 等只是线索，真正决定数据类型的是文件格式。
"""))
    # ---- 1.2.2 summarising business data
    sales = [("杭州西湖店", "华东", "饮料", 12800), ("杭州西湖店", "华东", "零食", 6350), ("上海徐汇店", "华东", "饮料", 15320),
             ("上海徐汇店", "华东", "日用品", 7400), ("广州天河店", "华南", "饮料", 11060), ("广州天河店", "华南", "零食", 8890),
             ("深圳南山店", "华南", "日用品", 10250), ("深圳南山店", "华南", "饮料", 13470), ("南京鼓楼店", "华东", "零食", 6980)]
    east = sum(r[3] for r in sales if r[1] == "华东")
    south = sum(r[3] for r in sales if r[1] == "华南")
    drinks = sum(r[3] for r in sales if r[2] == "饮料")
    per_store = Counter()
    for r in sales:
        per_store[r[0]] += r[3]
    top_store, top = per_store.most_common(1)[0]
    items.append(item(
        id="L5-P-SUM-001", kind="table", skills=["1.2.2"], difficulty=2, use=BOTH,
        prompt=f"""
下表是 6 月各门店分品类的销售额（元）。按要求汇总：

{md_table(["门店", "区域", "品类", "销售额（元）"], sales)}
""", spec="按“区域”“品类”“门店”字段分别求和；一个门店有多行时，门店销售额是它所有行之和。结果填整数（元）。",
        fields=[{"key": "east", "label": "华东区销售额合计"}, {"key": "south", "label": "华南区销售额合计"},
                {"key": "drinks", "label": "饮料品类销售额合计"}, {"key": "top_store", "label": "销售额最高的门店的销售额"}],
        gold={"cells": {"east": east, "south": south, "drinks": drinks, "top_store": top}},
        explanation=f"""
- 华东 = 12800 + 6350 + 15320 + 7400 + 6980 = {east}；华南 = 11060 + 8890 + 10250 + 13470 = {south}。两者之和应等于全表总额 {east + south}，可用来自查。
- 饮料 = 12800 + 15320 + 11060 + 13470 = {drinks}。
- 按门店汇总后，{top_store}最高：{top} 元。只看单行最大值（上海徐汇店饮料 15320）会得出错误答案——汇总要先按门店分组再求和。在 Excel 中可以用数据透视表或 SUMIF 完成。
"""))
    rep = [("王敏", "6月3日", 120, 8, 96), ("王敏", "6月4日", 135, 5, 104), ("李强", "6月3日", 98, 12, 80),
           ("李强", "6月4日", 110, 6, 88), ("赵丽", "6月3日", 142, 9, 118), ("赵丽", "6月4日", 125, 10, 99)]
    tot = sum(r[2] for r in rep)
    inv = sum(r[3] for r in rep)
    valid = tot - inv
    rate = round_half_up(inv / tot * 100, 1)
    mins = sum(r[4] for r in rep)
    items.append(item(
        id="L5-P-SUM-002", kind="table", skills=["1.2.2"], difficulty=2, use=BOTH,
        prompt=f"""
语音采集小组两天的日报如下。汇总整个小组的采集情况：

{md_table(["采集员", "日期", "采集条数", "其中无效条数", "录音时长（分钟）"], rep)}
""", spec="有效条数 = 采集条数 − 无效条数。无效率 = 无效条数合计 ÷ 采集条数合计 × 100，以百分数的数值填写，保留 1 位小数（四舍五入）（如 6.5 表示 6.5%）。",
        fields=[{"key": "total", "label": "采集条数合计"}, {"key": "valid", "label": "有效条数合计"},
                {"key": "invalid_rate", "label": "无效率（%，保留 1 位小数）"}, {"key": "minutes", "label": "录音时长合计（分钟）"}],
        gold={"cells": {"total": tot, "valid": valid, "invalid_rate": rate, "minutes": mins}}, params={"tolerance": 0.05},
        explanation=f"""
采集条数合计 {tot}，无效 {inv}，有效 {valid}；无效率 = {inv} ÷ {tot} × 100 ≈ {rate}。录音时长合计 {mins} 分钟。注意无效率要用**合计**相除，而不是把 6 行各自的无效率取平均——各行条数不同，简单平均会失真。
"""))


def cleaning_items(items, clips):
    # ---- image cleaning with thumbnails
    def write_thumbs(prefix, specs):
        ents = []
        for i, (kind, var, blur, dark, dup_of) in enumerate(specs):
            name = f"{prefix}-{i + 1:02d}.svg"
            svg = thumb(kind, var, blur, dark) if dup_of is None else (ASSETS / f"{prefix}-{dup_of:02d}.svg").read_text()
            (ASSETS / name).write_text(svg, encoding="utf-8")
            ents.append({"id": f"e{i + 1}", "asset": f"assets/{name}"})
        return ents

    specA = [("car", 0, 0, False, None), ("car", 1, 0, False, None), ("bus", 2, 0, False, None), ("car", 2, 3.5, False, None),
             ("car", 3, 0, False, None), (None, None, None, None, 2), ("cat", 1, 0, False, None), ("car", 4, 0, False, None),
             ("car", 5, 0, True, None), ("car", 1, 0, False, None)]
    # e6 duplicates e2 byte for byte; e10 is a different photo of a similar car (variant 1 with another background)
    specA[9] = ("car", 7, 0, False, None)
    ents = write_thumbs("p-clean1", specA)
    items.append(item(
        id="L5-P-CLEAN-001", kind="select", skills=["2.1.1"], difficulty=2, use=BOTH, group="L5-P-G-CLEAN-IMG",
        prompt="“小汽车”图像数据集清洗：选出应当**剔除**的图片。",
        spec="""
数据集只收**小汽车**的清晰照片。以下图片应剔除：
1. **非目标类别**：画面主体不是小汽车（公交车、货车、动物等）；
2. **模糊**：目标轮廓不清、无法看清细节；
3. **过暗/过曝**：看不清目标；
4. **重复**：与前面某张图片完全相同的，保留编号最小的一张，剔除后面的。
颜色、背景、位置不同的小汽车照片都是合格样本，应保留。
""", entries=ents, gold={"ids": ["e3", "e4", "e6", "e7", "e9"]},
        explanation="""
剔除 e3（公交车，非目标类别）、e4（严重模糊）、e6（与 e2 完全相同，保留编号较小的 e2）、e7（猫，非目标类别）、e9（过暗，几乎看不清）。
e10 和 e2 是同样的蓝色小汽车，但背景颜色不同，是另一张照片，不算重复，应保留——重复是指同一张图片被多次收录，而不是“看起来相似”。数据清洗的目的是去掉会误导模型的样本，同时不能误删合格样本，否则会减少训练数据的多样性。
"""))
    specB = [("traffic_light", 0, 0, False, None), ("street_lamp", 1, 0, False, None), ("traffic_light", 1, 3.5, False, None),
             ("traffic_light", 2, 0, False, None), (None, None, None, None, 1), ("traffic_light", 4, 0, False, None),
             ("car", 3, 0, False, None), ("traffic_light", 5, 0, False, None)]
    ents = write_thumbs("p-clean2", specB)
    items.append(item(
        id="L5-P-CLEAN-002", kind="select", skills=["2.1.1"], difficulty=2, use=PRACTICE, group="L5-P-G-CLEAN-IMG",
        prompt="“交通信号灯”图像数据集清洗：选出应当**剔除**的图片。",
        spec="""
数据集只收**交通信号灯**的清晰照片（红、黄、绿灯均可）。以下图片应剔除：
1. **非目标类别**：画面主体不是交通信号灯（路灯、车辆等）；
2. **模糊**：灯箱和灯色看不清；
3. **重复**：与前面某张图片完全相同的，保留编号最小的一张，剔除后面的。
""", entries=ents, gold={"ids": ["e2", "e3", "e5", "e7"]},
        explanation="""
剔除 e2（路灯，不是交通信号灯，外形都是“杆子上的灯”，最容易混淆）、e3（模糊）、e5（与 e1 完全相同）、e7（小汽车）。亮红灯、绿灯、黄灯的信号灯都属于目标类别，灯色不同不是剔除理由。
"""))
    # ---- text cleaning
    texts = [("e1", "味道很好，送餐也快。"), ("e2", "米饭有点硬，其他还行。"), ("e3", "味道很好，送餐也快。"),
             ("e4", "??????？？？"), ("e5", "加微信领取外卖红包，天天有！"), ("e6", "（空白）"),
             ("e7", "å‘³é“ä¸é”™"), ("e8", "骑手很有礼貌，点赞。"), ("e9", "The food was cold."),
             ("e10", "汤洒了一半，包装太差。")]
    items.append(item(
        id="L5-P-CLEAN-003", kind="select", skills=["2.1.1"], difficulty=2, use=BOTH,
        prompt="外卖评论情感语料清洗：选出应当**剔除**的记录。",
        spec="""
语料只保留**有实际内容的中文用户评论**。以下记录应剔除：
1. 重复：与前面某条内容完全相同的，保留编号最小的一条；
2. 无意义：全是标点、符号或空白；
3. 乱码：编码错误产生的不可读字符；
4. 广告、引流信息；
5. 非中文评论（本语料只收中文）。
短评和负面评论都是有效语料，不能因为内容短或态度差而剔除。
""", entries=[{"id": i, "text": t} for i, t in texts], gold={"ids": ["e3", "e4", "e5", "e6", "e7", "e9"]},
        explanation="""
剔除 e3（与 e1 重复）、e4（只有问号）、e5（广告引流）、e6（空白）、e7（乱码，是中文以错误编码显示的结果）、e9（英文）。
e2、e10 是负面评论，e8 很短，但都是真实有效的评论，必须保留——如果删掉负面评论，训练出的情感模型会偏向“正面”。
"""))
    # ---- audio cleaning
    order = ["p-clean-a1", "p-clean-a2", "p-clean-a3", "p-clean-a4", "p-clean-a5", "p-clean-a6", "p-clean-a7"]
    ents = [{"id": f"a{i + 1}", "asset": clips[n]["asset"]} for i, n in enumerate(order)]
    items.append(item(
        id="L5-P-CLEAN-004", kind="select", skills=["2.1.1"], difficulty=3, use=BOTH,
        prompt="普通话语音指令数据集清洗：逐条收听录音，选出应当**剔除**的录音。",
        spec="""
数据集只收**一句完整的普通话语音**。以下录音应剔除：
1. 无有效语音：静音、只有噪声；
2. 非普通话（方言、外语）；
3. 内容不完整：只有一两个字，构不成一句话；
4. 重复：与前面某条录音完全相同的，保留编号最小的一条。
合成音色、男声女声的差异不是剔除理由。
""", entries=ents, gold={"ids": ["a2", "a3", "a4", "a5", "a7"]},
        explanation="""
剔除 a2（几乎无声）、a3（只有白噪声）、a4（粤语，不是普通话）、a5（只有一个“好”字）、a7（与 a1 完全相同）。保留 a1“你好，请问火车站怎么走？”和 a6“明天早上八点提醒我开会。”，它们是完整、清楚的普通话句子。语音清洗一定要**逐条试听**，不能只看文件名或时长：a7 与 a1 时长相同、内容相同，是重复收录。
"""))
    # ---- 2.2.1 sorting labeled data into folders
    sortspec = [("car", 0), ("bus", 1), ("person", 2), ("bicycle", 3), ("car", 4), ("person", 0), ("bus", 3),
                ("bicycle", 1), ("car", 2), ("person", 4), ("bicycle", 5), ("car", 5)]
    folder = {"car": "小汽车", "bus": "公交车", "person": "行人", "bicycle": "自行车"}
    ents = []
    for i, (k, v) in enumerate(sortspec):
        name = f"p-sort-{i + 1:02d}.svg"
        (ASSETS / name).write_text(thumb(k, v), encoding="utf-8")
        ents.append({"id": f"e{i + 1}", "asset": f"assets/{name}"})
    items.append(item(
        id="L5-P-SORT-001", kind="classify", skills=["2.2.1"], difficulty=1, use=BOTH,
        prompt="把已经审核通过的单目标图片按类别归入对应文件夹。",
        spec="- **文件夹**：`小汽车`、`公交车`、`自行车`、`行人`。\n- 每张图片只有一个主体目标，按主体归类。",
        labels=["小汽车", "公交车", "自行车", "行人"], entries=ents,
        gold={"labels": {f"e{i + 1}": folder[k] for i, (k, _) in enumerate(sortspec)}},
        explanation=f"""
共 {len(sortspec)} 张：小汽车 {sum(1 for k, _ in sortspec if k == 'car')} 张、公交车 {sum(1 for k, _ in sortspec if k == 'bus')} 张、自行车 {sum(1 for k, _ in sortspec if k == 'bicycle')} 张、行人 {sum(1 for k, _ in sortspec if k == 'person')} 张。小汽车和公交车按车身长度、车窗数量区分：公交车车身长、一排多个车窗。归类完成后，各文件夹的数量之和应等于图片总数，这是最简单的自查方法。
"""))
    recs = [("img_031.jpg", ["car", "car", "truck"]), ("img_032.jpg", ["person"]), ("img_033.jpg", []),
            ("img_034.jpg", ["car", "person", "person"]), ("img_035.jpg", ["bus"]), ("img_036.jpg", ["person", "person"]),
            ("img_037.jpg", ["truck", "person"]), ("img_038.jpg", []), ("img_039.jpg", ["bus", "car"]),
            ("img_040.jpg", ["person", "bicycle"])]
    veh = {"car", "bus", "truck"}

    def fold(labels):
        hv = any(x in veh for x in labels)
        hp = "person" in labels
        if hv and hp:
            return "车辆和行人"
        if hv:
            return "仅车辆"
        if hp:
            return "仅行人"
        return "无目标"

    ents = [{"id": f"e{i + 1}", "text": f"{n}：" + ("、".join(l) if l else "（无标注框）")} for i, (n, l) in enumerate(recs)]
    items.append(item(
        id="L5-P-SORT-002", kind="classify", skills=["2.2.1"], difficulty=2, use=BOTH,
        prompt="下面是一批已标注图片的标注结果（每张图片中各标注框的类别）。按规则把图片分到对应文件夹，供后续分别抽检。",
        spec="""
- **文件夹**：`仅车辆`、`仅行人`、`车辆和行人`、`无目标`。
- 车辆指 car、bus、truck；行人指 person。bicycle 既不算车辆也不算行人。
- 图中既有车辆又有行人 → 车辆和行人；只有车辆 → 仅车辆；只有行人（可以同时有 bicycle）→ 仅行人；没有任何车辆和行人 → 无目标。
""", labels=["仅车辆", "仅行人", "车辆和行人", "无目标"], entries=ents,
        gold={"labels": {f"e{i + 1}": fold(l) for i, (_, l) in enumerate(recs)}},
        explanation="""
- img_037 有 truck 和 person，truck 属于车辆 → 车辆和行人。
- img_040 有 person 和 bicycle，按规范 bicycle 不算车辆 → 仅行人。
- img_033、img_038 没有标注框 → 无目标。
分类规则要先读清楚类别之间的包含关系（哪些标签算“车辆”），再逐条套用，不要凭印象把自行车也当成车辆。
"""))


def stat_items(items):
    grid = ["car", "person", "bus", "car", "bicycle", "cat", "car", "person", "person", "bus", "car", "bicycle",
            "car", "person", "cat", "car"]
    parts = []
    for i, k in enumerate(grid):
        x, y = (i % 4) * 160, (i // 4) * 120
        inner = thumb(k, i).replace('<svg xmlns="http://www.w3.org/2000/svg" ', f'<svg x="{x}" y="{y}" ', 1)
        parts.append(inner.strip())
        parts.append(f'<rect x="{x}" y="{y}" width="160" height="120" fill="none" stroke="#ffffff" stroke-width="3"/>')
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480" viewBox="0 0 640 480">\n'
           + "\n".join(parts) + "\n</svg>\n")
    (ASSETS / "p-stat-01.svg").write_text(svg, encoding="utf-8")
    c = Counter(grid)
    items.append(item(
        id="L5-P-STAT-001", kind="table", skills=["2.2.2"], difficulty=1, use=BOTH,
        prompt="图中是一批已分类图片的缩略图（4 行 × 4 列，每格一张）。统计每个类别的图片数量，填入统计表。",
        spec="每格图片按其中的主体计数：小汽车、公交车、自行车、行人、猫。合计 = 所有格子数。",
        image=IMG, assets=["assets/p-stat-01.svg"],
        fields=[{"key": "car", "label": "小汽车"}, {"key": "bus", "label": "公交车"}, {"key": "bicycle", "label": "自行车"},
                {"key": "person", "label": "行人"}, {"key": "cat", "label": "猫"}, {"key": "total", "label": "合计"}],
        gold={"cells": {"car": c["car"], "bus": c["bus"], "bicycle": c["bicycle"], "person": c["person"], "cat": c["cat"],
                        "total": len(grid)}},
        explanation=f"""
小汽车 {c['car']}、公交车 {c['bus']}、自行车 {c['bicycle']}、行人 {c['person']}、猫 {c['cat']}，合计 {len(grid)}。计数时按行逐格数、边数边记，数完用“各类之和 = 总格数”自查；漏数或重数一格都会让合计对不上。
"""))
    ann = [("0001.jpg", ["car", "car", "person"]), ("0002.jpg", []), ("0003.jpg", ["person", "person", "bicycle", "person"]),
           ("0004.jpg", ["car"]), ("0005.jpg", ["car", "bicycle"]), ("0006.jpg", []),
           ("0007.jpg", ["person", "car", "car", "car", "person"]), ("0008.jpg", ["bicycle"]),
           ("0009.jpg", ["person"]), ("0010.jpg", ["car", "person"])]
    lines = "\n".join(json.dumps({"image": n, "labels": l}, ensure_ascii=False) for n, l in ann)
    allb = [x for _, l in ann for x in l]
    cc = Counter(allb)
    items.append(item(
        id="L5-P-STAT-002", kind="table", skills=["2.2.2"], difficulty=2, use=BOTH,
        prompt=f"""
下面是 10 张图片的目标检测标注结果（JSON Lines，每行一张图，`labels` 为该图所有标注框的类别）。统计并填表：

```json
{lines}
```
""", spec="每个类别按**标注框个数**计数（同一张图里有 2 辆车记 2）。“无标注图片数”指 `labels` 为空的图片数。",
        fields=[{"key": "car", "label": "car 框数"}, {"key": "person", "label": "person 框数"},
                {"key": "bicycle", "label": "bicycle 框数"}, {"key": "boxes", "label": "标注框总数"},
                {"key": "empty", "label": "无标注图片数"}, {"key": "max", "label": "单张图片最多的框数"}],
        gold={"cells": {"car": cc["car"], "person": cc["person"], "bicycle": cc["bicycle"], "boxes": len(allb),
                        "empty": sum(1 for _, l in ann if not l), "max": max(len(l) for _, l in ann)}},
        explanation=f"""
car {cc['car']}、person {cc['person']}、bicycle {cc['bicycle']}，合计 {len(allb)} 个框（三类之和应等于总数）。0002 和 0006 没有标注，无标注图片 2 张。最多的是 0007，有 5 个框。注意区分“框数”和“图片数”：car 出现在 5 张图里，但框数是 {cc['car']}。统计标注数据时先想清楚统计单位。
"""))
    sents = [("句1", [("李明", "PER"), ("北京", "LOC")]), ("句2", [("华为公司", "ORG"), ("5月3日", "TIME")]),
             ("句3", []), ("句4", [("王芳", "PER"), ("张伟", "PER"), ("上海", "LOC"), ("2000元", "MONEY")]),
             ("句5", [("杭州", "LOC")]), ("句6", [("第一人民医院", "ORG"), ("赵强", "PER"), ("昨天", "TIME")]),
             ("句7", []), ("句8", [("300元", "MONEY"), ("周五", "TIME")])]
    listing = "\n".join(f"- {s}：" + ("、".join(f"[{t}/{l}]" for t, l in e) if e else "（无实体）") for s, e in sents)
    cc = Counter(l for _, e in sents for _, l in e)
    items.append(item(
        id="L5-P-STAT-003", kind="table", skills=["2.2.2"], difficulty=2, use=BOTH,
        prompt=f"下面是 8 个句子的命名实体标注结果，格式为 [实体/类型]。统计各类实体数量：\n\n{listing}\n",
        spec="按实体个数计数。“无实体句子数”指没有任何实体的句子数。",
        fields=[{"key": "per", "label": "PER"}, {"key": "loc", "label": "LOC"}, {"key": "org", "label": "ORG"},
                {"key": "time", "label": "TIME"}, {"key": "money", "label": "MONEY"}, {"key": "total", "label": "实体总数"},
                {"key": "empty", "label": "无实体句子数"}],
        gold={"cells": {"per": cc["PER"], "loc": cc["LOC"], "org": cc["ORG"], "time": cc["TIME"], "money": cc["MONEY"],
                        "total": sum(cc.values()), "empty": sum(1 for _, e in sents if not e)}},
        explanation=f"""
PER {cc['PER']}（李明、王芳、张伟、赵强）、LOC {cc['LOC']}、ORG {cc['ORG']}、TIME {cc['TIME']}、MONEY {cc['MONEY']}，合计 {sum(cc.values())}；句3、句7 无实体。统计结果可以用来检查标注是否均衡，例如某类实体数量异常少时，可能是标注员漏标了这一类。
"""))


# =========================================================================================== audio
def audio_items(items, clips):
    spec = """
- **逐字转写**听到的内容，不增不减，不改写成书面语。
- **保留**语气词和填充词：嗯、啊、呃、那个、就是说 等，按听到的位置写出。
- 数字按读音用汉字书写（如“三点半”“二十六”），不写阿拉伯数字。
- 标点符号不计分，可按语气添加逗号、句号、问号。
"""
    rows = [("L5-P-ASR-001", "p-asr-01", 1, "句首的“嗯”是填充词，必须写出。“杭州”是地名，注意同音字。"),
            ("L5-P-ASR-002", "p-asr-02", 2, "句首“那个”和句中“啊”都是填充词，要按位置保留；“关掉”不要写成“关了”。"),
            ("L5-P-ASR-003", "p-asr-03", 2, "句首“呃”和句中“那个”都要写出；“还没有到”不要简化为“没到”。"),
            ("L5-P-ASR-004", "p-asr-04", 3, "“啊，对，就是说”是口语填充成分，逐字保留；“三点半”“二号”按规范用汉字数字书写；句末前的“嗯”也不能漏。"),
            ("L5-P-ASR-005", "p-asr-05", 3, "“嗯，那个”两个填充词连用，都要写出；“这个月”的“这个”是指代词，不是填充词。")]
    for iid, clip, diff, why in rows:
        t = clips[clip]["text"]
        items.append(item(
            id=iid, kind="transcript", skills=["2.1.2"], difficulty=diff, use=BOTH,
            prompt="收听录音，按转写规范写出录音的完整文字内容（含语气词）。",
            spec=spec, assets=[clips[clip]["asset"]], gold={"text": t},
            explanation=f"""
标准转写：{t}{why}评分用字错误率（CER）：先去掉标点和空格，再按字比较。漏写一个填充词就是少了一到两个字，句子越短，影响越大；错误率不超过 5% 得满分，达到 50% 得零分。
"""))


# =========================================================================================== system
def system_items(items):
    log = [("L01", "09:00:01 INFO  读取配置文件 conf/server.yaml"),
           ("L02", "09:00:01 INFO  初始化日志目录 /var/log/annot ……成功"),
           ("L03", "09:00:02 INFO  连接数据库 127.0.0.1:5432 ……成功"),
           ("L04", "09:00:02 WARN  磁盘剩余空间 18%，建议清理"),
           ("L05", "09:00:03 ERROR 模型文件 models/det_v5.onnx 不存在"),
           ("L06", "09:00:03 INFO  加载标注插件 image-box v2.3 ……成功"),
           ("L07", "09:00:04 ERROR 端口 8080 已被占用（Address already in use）"),
           ("L08", "09:00:04 ERROR 服务启动失败，进程退出（exit code 1）")]
    items.append(item(
        id="L5-P-SYS-001", kind="select", skills=["3.1.1"], difficulty=2, use=BOTH,
        prompt="你按操作手册启动智能标注服务，但服务没能启动。下面是启动日志，选出记录了启动失败**原因**的日志行，以便写入故障报告。\n\n```\n"
               + "\n".join(f"{i} {t}" for i, t in log) + "\n```",
        spec="""
- 选“原因行”：直接说明某个组件或资源出错的 ERROR 行。
- “服务启动失败、进程退出”这类汇总行是**结果**，不是原因，不选。
- WARN（警告）不阻止启动，不选；但应在日常维护中处理。
""", entries=[{"id": i, "text": t} for i, t in log], gold={"ids": ["L05", "L07"]},
        explanation="""
失败原因有两个：L05 模型文件不存在（需要检查模型路径或重新部署模型文件），L07 端口 8080 被占用（需要找到占用端口的进程，或改用其他端口）。
L08 只是说明启动失败这个结果，不能帮助定位问题；L04 磁盘空间告警不影响本次启动，但应记录并安排清理。看日志时按时间顺序找**第一批 ERROR**，往往就是根本原因。
"""))
    boot = ["10:02:11 INFO  启动 infer-service v1.4.2",
            "10:02:11 INFO  检测到 GPU 2 块：GPU0 Tesla T4，GPU1 Tesla T4",
            "10:02:13 INFO  加载模型 ocr_det ……完成（1.8 s）",
            "10:02:15 INFO  加载模型 ocr_rec ……完成（2.1 s）",
            "10:02:16 INFO  加载模型 layout ……完成（0.9 s）",
            "10:02:16 WARN  未找到模型 table_rec，已跳过（功能未启用）",
            "10:02:17 INFO  健康检查通过",
            "10:02:17 INFO  服务已就绪，监听 0.0.0.0:9090"]
    items.append(item(
        id="L5-P-SYS-002", kind="table", skills=["3.1.1"], difficulty=2, use=PRACTICE,
        prompt="你启动了一台文字识别（OCR）推理服务，启动日志如下。根据日志填写开机检查记录。\n\n```\n" + "\n".join(boot) + "\n```",
        spec="启动耗时 = “服务已就绪”时间 − 第一行“启动”时间，单位秒。“成功加载的模型数”只计“完成”的模型。",
        fields=[{"key": "port", "label": "监听端口"}, {"key": "gpus", "label": "GPU 数量"},
                {"key": "models", "label": "成功加载的模型数"}, {"key": "seconds", "label": "启动耗时（秒）"}],
        gold={"cells": {"port": 9090, "gpus": 2, "models": 3, "seconds": 6}},
        explanation="""
端口在最后一行：0.0.0.0:9090 表示在所有网卡的 9090 端口监听。GPU 2 块。成功加载 ocr_det、ocr_rec、layout 共 3 个模型；table_rec 未找到、被跳过，不计入（这一条警告要写进检查记录，表格识别功能此时不可用）。启动耗时 10:02:17 − 10:02:11 = 6 秒。开机后核对这些信息，可以及早发现“服务起来了但功能不全”的情况。
"""))
    # a training log with deterministic numbers
    epochs = []
    for e in range(1, 11):
        loss = round(1.3 * (0.78 ** e) + 0.12, 4)
        acc = round(0.52 + 0.4 * (1 - 0.7 ** e), 4)
        vloss = round(1.25 * (0.8 ** e) + 0.21 + (0.06 * (e - 7) if e > 7 else 0), 4)
        vacc = round(0.5 + 0.38 * (1 - 0.68 ** e) - (0.012 * (e - 7) if e > 7 else 0), 4)
        epochs.append((e, loss, acc, vloss, vacc))
    text = "\n".join(f"Epoch {e:2d}/10 - loss: {l:.4f} - acc: {a:.4f} - val_loss: {vl:.4f} - val_acc: {va:.4f}"
                     for e, l, a, vl, va in epochs)
    best = max(epochs, key=lambda r: r[4])
    last = epochs[-1]
    items.append(item(
        id="L5-P-SYS-003", kind="table", skills=["3.1.2"], difficulty=2, use=BOTH,
        prompt=f"你按说明运行了一个图像分类模型的训练脚本，终端输出如下。把结果填入运行记录表。\n\n```\n{text}\n```",
        spec="数值照日志原样填写（4 位小数，小数形式，不换算成百分数）。轮次填整数。",
        fields=[{"key": "last_loss", "label": "最后一轮训练损失 loss"}, {"key": "last_val_acc", "label": "最后一轮验证准确率 val_acc"},
                {"key": "best_epoch", "label": "验证准确率最高的轮次"}, {"key": "best_val_acc", "label": "最高验证准确率"}],
        gold={"cells": {"last_loss": last[1], "last_val_acc": last[4], "best_epoch": best[0], "best_val_acc": best[4]}},
        params={"tolerance": 0.00005},
        explanation=f"""
最后一轮（第 10 轮）loss = {last[1]:.4f}，val_acc = {last[4]:.4f}；验证准确率最高出现在第 {best[0]} 轮，为 {best[4]:.4f}。注意第 {best[0]} 轮之后训练损失仍在下降，但验证损失回升、验证准确率下降——这是**过拟合**的典型迹象，应在记录中注明，通常保存验证准确率最高那一轮的模型。不要把训练集的 acc 当成验证准确率填写：衡量模型效果看的是验证（或测试）集上的指标。
"""))
    preds = [("cat", "cat"), ("dog", "dog"), ("cat", "dog"), ("bird", "bird"), ("dog", "dog"), ("cat", "cat"),
             ("bird", "cat"), ("dog", "dog"), ("cat", "cat"), ("cat", "dog"), ("bird", "bird"), ("dog", "cat"),
             ("cat", "cat"), ("bird", "bird"), ("dog", "dog"), ("cat", "cat"), ("dog", "dog"), ("bird", "bird"),
             ("cat", "cat"), ("dog", "bird")]
    rows = [(f"test_{i + 1:02d}.jpg", t, p) for i, (t, p) in enumerate(preds)]
    correct = sum(1 for t, p in preds if t == p)
    items.append(item(
        id="L5-P-SYS-004", kind="table", skills=["3.1.2"], difficulty=2, use=BOTH,
        prompt=f"你用图像分类系统对 20 张测试图片做了批量识别，结果如下。统计识别效果：\n\n{md_table(['图片', '真实类别', '系统识别结果'], rows)}\n",
        spec="准确率 = 识别正确的张数 ÷ 总张数 × 100，以百分数的数值填写（如 85 表示 85%）。",
        fields=[{"key": "correct", "label": "识别正确的张数"}, {"key": "accuracy", "label": "准确率（%）"},
                {"key": "cat_as_dog", "label": "真实为 cat 却被识别成 dog 的张数"}],
        gold={"cells": {"correct": correct, "accuracy": correct * 100 / len(preds),
                        "cat_as_dog": sum(1 for t, p in preds if t == "cat" and p == "dog")}},
        params={"tolerance": 0.05},
        explanation=f"""
逐行比较两列：识别正确 {correct} 张，错误 {len(preds) - correct} 张（test_03、07、10、12、20），准确率 = {correct} ÷ 20 × 100 = {correct * 5}。真实为 cat 却识别成 dog 的是 test_03 和 test_10，共 2 张；test_12 是反方向的错误（dog 识别成 cat），不计入。统计“谁被认成了谁”可以发现模型最容易混淆的类别，是反馈给算法人员的重要信息。
"""))
    nodes = [("node-01", 45, 62, 71, "运行中", "09:58"), ("node-02", 93, 70, 66, "运行中", "09:59"),
             ("node-03", 38, 55, 88, "运行中", "09:57"), ("node-04", 51, 60, 40, "已停止", "09:20"),
             ("node-05", 60, 91, 72, "运行中", "09:58"), ("node-06", 20, 35, 50, "运行中", "09:41"),
             ("node-07", 77, 82, 84, "运行中", "09:56")]

    def abnormal(n):
        hh, mm = map(int, n[5].split(":"))
        return n[1] > 90 or n[2] > 90 or n[3] > 85 or n[4] != "运行中" or (10 * 60 - (hh * 60 + mm)) > 5

    gold_ids = [n[0] for n in nodes if abnormal(n)]
    items.append(item(
        id="L5-P-SYS-005", kind="select", skills=["3.2.1"], difficulty=2, use=BOTH,
        prompt=f"10:00 的日常巡检中，你从监控页面抄下了各计算节点的状态。选出需要上报的**异常**节点。\n\n{md_table(['节点', 'CPU %', '内存 %', '磁盘 %', '服务状态', '最近心跳'], nodes)}\n",
        spec="异常判定（满足任一即为异常）：CPU 使用率 > 90%；内存使用率 > 90%；磁盘使用率 > 85%；服务状态不是“运行中”；最近心跳距巡检时刻（10:00）超过 5 分钟。",
        entries=[{"id": n[0], "text": f"{n[0]}｜CPU {n[1]}%｜内存 {n[2]}%｜磁盘 {n[3]}%｜{n[4]}｜心跳 {n[5]}"} for n in nodes],
        gold={"ids": gold_ids},
        explanation=f"""
异常节点：{'、'.join(gold_ids)}。node-02 CPU 93%；node-03 磁盘 88%；node-04 服务已停止（心跳也停在 09:20）；node-05 内存 91%；node-06 各项指标正常，但心跳停在 09:41，已 19 分钟没有上报，可能已失联。
node-07 的三项指标都偏高（77%、82%、84%），但都没超过阈值，本次不算异常，可在报告中提示关注。只看资源指标会漏掉 node-06 这种“数字好看但已失联”的节点，所以巡检一定要看心跳时间。
"""))
    backups = [("6月10日", "标注库全量备份", "成功", "12.4 GB", "通过"), ("6月11日", "标注库增量备份", "成功", "0.8 GB", "通过"),
               ("6月12日", "标注库增量备份", "失败", "0 GB", "—"), ("6月13日", "标注库增量备份", "成功", "0.7 GB", "未通过"),
               ("6月14日", "标注库增量备份", "成功", "0 GB", "通过"), ("6月15日", "标注库增量备份", "成功", "0.9 GB", "通过"),
               ("6月16日", "标注库增量备份", "成功", "1.1 GB", "通过")]

    def bad_b(b):
        return b[2] != "成功" or b[3].startswith("0 ") or b[4] != "通过"

    ents = [{"id": f"b{i + 1}", "text": f"{b[0]}｜{b[1]}｜状态 {b[2]}｜大小 {b[3]}｜校验 {b[4]}"} for i, b in enumerate(backups)]
    gold_ids = [f"b{i + 1}" for i, b in enumerate(backups) if bad_b(b)]
    items.append(item(
        id="L5-P-SYS-006", kind="select", skills=["3.2.1"], difficulty=2, use=PRACTICE,
        prompt="检查上周的数据备份记录，选出**不可用**、需要重新备份的记录。",
        spec="一次备份可用，必须同时满足：任务状态为“成功”；备份文件大小大于 0；完整性校验为“通过”。",
        entries=ents, gold={"ids": gold_ids},
        explanation="""
不可用的是 b3（任务失败）、b4（校验未通过，文件可能损坏）、b5（状态显示成功，但大小为 0，说明没有真正写入数据）。只看“状态”一栏会漏掉 b4、b5。备份的价值在于能恢复，检查备份要同时看结果、大小和校验，并定期做恢复演练。
"""))
    alerts = [("e1", "GPU1 温度 96℃，风扇转速 0 rpm", "硬件故障"), ("e2", "node-03 到网关 ping 丢包率 100%", "网络故障"),
              ("e3", "/data 分区使用率 98%，剩余 2.1 GB", "存储空间不足"), ("e4", "推理服务 infer-api 进程异常退出，已自动重启 3 次", "服务异常"),
              ("e5", "内存 ECC 校验错误次数持续增加", "硬件故障"), ("e6", "DNS 解析超时，无法访问对象存储域名", "网络故障"),
              ("e7", "日志写入失败：No space left on device", "存储空间不足"), ("e8", "标注平台接口返回 HTTP 500 的比例升至 12%", "服务异常"),
              ("e9", "硬盘 SMART 自检报告坏扇区数量增加", "硬件故障"), ("e10", "交换机端口 Gi0/12 频繁断开又恢复", "网络故障")]
    items.append(item(
        id="L5-P-SYS-007", kind="classify", skills=["3.2.1"], difficulty=3, use=BOTH,
        prompt="把监控系统发出的告警按故障类型分类，填写常见故障报告。",
        spec="""
- **类别**：`硬件故障`（GPU、内存、硬盘、风扇等物理部件出错）、`网络故障`（丢包、断连、DNS、交换机端口）、`存储空间不足`（磁盘/分区空间用尽或接近用尽）、`服务异常`（进程崩溃、接口报错、响应超时等软件层面问题）。
- 按告警反映的**根本问题**归类。
""", labels=["硬件故障", "网络故障", "存储空间不足", "服务异常"],
        entries=[{"id": i, "text": t} for i, t, _ in alerts], gold={"labels": {i: l for i, _, l in alerts}},
        explanation="""
- e9 和 e3 都与硬盘有关，但 e9 是坏扇区，属于**部件损坏** → 硬件故障；e3 是空间用尽 → 存储空间不足。
- e7 的英文报错 “No space left on device” 意为设备上没有剩余空间 → 存储空间不足。
- e1 风扇转速为 0 导致高温，是硬件问题；e4 进程退出、e8 接口 500 错误是软件服务问题。
分类准确，才能把故障派给对的人（硬件维修、网络管理员、存储管理员或开发人员）。
"""))


# =========================================================================================== exam-only
# New instances of the task families above, with other data: the confidential pool (use = exam only)
# that fills the skill paper twice over (issue 15). Never shown in practice.
def _why(rows, reasons):
    """'r02 原因；r05 原因' for the rows that have at least one reason."""
    out = []
    for rid, rs in rows:
        if rs:
            out.append(f"{rid} {'、'.join(rs)}")
    return "；".join(out)


def exam_items(items):
    # ---- 1.1.1 collection with devices (new project, new rules)
    shots = [("P_201.jpg", "JPG", (1920, 1080), "有", "清晰"), ("P_202.jpg", "JPG", (2048, 1536), "无", "清晰"),
             ("P_203.heic", "HEIC", (4032, 3024), "有", "清晰"), ("P_204.jpg", "JPG", (1280, 960), "有", "清晰"),
             ("P_205.jpg", "JPG", (2048, 1536), "有", "模糊"), ("P_206.jpg", "JPG", (1920, 1440), "有", "清晰"),
             ("P_207.jpg", "JPG", (1440, 1920), "有", "清晰"), ("P_208.jpg", "JPG", (1600, 1200), "有", "清晰"),
             ("P_209.jpg", "JPG", (3000, 2000), "有", "清晰"), ("P_210.jpg", "JPG", (2560, 1920), "有", "过曝")]

    def shot_reasons(p):
        _, fmt, (w, h), tag, q = p
        r = []
        if fmt != "JPG":
            r.append(f"格式为 {fmt}")
        if w < 1600 or h < 1200 or w <= h:
            r.append(f"分辨率 {w}×{h} 不满足“宽 ≥ 1600、高 ≥ 1200 且横拍”")
        if tag != "有":
            r.append("画面中没有货架编号牌")
        if q != "清晰":
            r.append(f"画面{q}")
        return r

    rows = [(f"r{i + 1:02d}", shot_reasons(p)) for i, p in enumerate(shots)]
    gold_ids = [rid for rid, rs in rows if rs]
    items.append(item(
        id="L5-P-EX-COLL-001", kind="select", skills=["1.1.1"], difficulty=2, use=EXAM,
        prompt="你用手机在超市为“货架商品识别”项目采集照片，下面是导出的文件信息。对照采集要求，选出**不合格**、需要重新拍摄的照片。",
        spec="""
采集要求（全部满足才合格）：
1. 文件格式为 JPG；
2. 分辨率：宽 ≥ 1600 且 高 ≥ 1200，并且横向拍摄（宽大于高）；
3. 画面中能看到货架编号牌（用于追溯拍摄位置）；
4. 画面清晰，无模糊、过曝。
""", entries=[{"id": f"r{i + 1:02d}", "text": f"{p[0]}｜格式 {p[1]}｜{p[2][0]}×{p[2][1]}｜货架编号牌：{p[3]}｜画质：{p[4]}"}
                 for i, p in enumerate(shots)],
        gold={"ids": gold_ids},
        explanation=f"""
不合格的是 {'、'.join(gold_ids)}：{_why(rows, None)}。
r01 为 1920×1080，宽度够，但高度 1080 低于 1200，同样不合格；r06（1920×1440）、r08（1600×1200，正好在下限上）、r09 各项都满足，合格。
逐条对照每一项要求检查，不要只看“像素总数”是否够大。
"""))
    # ---- 1.1.2 collection from a database (new table, new queries)
    dev = [(1, "A区", "在线", 36.5), (2, "A区", "离线", None), (3, "B区", "在线", 41.0), (4, "A区", "在线", 38.0),
           (5, "C区", "在线", None), (6, "B区", "在线", 39.5), (7, "A区", "在线", 35.5), (8, "B区", "离线", 40.0),
           (9, "A区", "故障", None), (10, "C区", "在线", 37.0), (11, "A区", "在线", None), (12, "B区", "在线", 42.5)]
    q1 = sum(1 for d in dev if d[1] == "A区" and d[2] == "在线")
    b_t = [d[3] for d in dev if d[1] == "B区" and d[3] is not None]
    q2 = round_half_up(sum(b_t) / len(b_t), 1)
    q3 = sum(1 for d in dev if d[3] is not None and d[3] >= 40)
    q4 = sum(1 for d in dev if d[3] is None and d[2] == "在线")
    rows_t = [(d[0], d[1], d[2], "NULL" if d[3] is None else d[3]) for d in dev]
    items.append(item(
        id="L5-P-EX-COLL-002", kind="table", skills=["1.1.2"], difficulty=3, use=EXAM,
        prompt=f"""
机房监控数据库表 `sensor`（id, zone, status, temp）如下，temp 为最近一次上报的温度（℃），NULL 表示没有上报。

{md_table(["id", "zone", "status", "temp"], rows_t)}

写出下面四条查询的结果：

```sql
-- Q1
SELECT COUNT(*) FROM sensor WHERE zone = 'A区' AND status = '在线';
-- Q2
SELECT AVG(temp) FROM sensor WHERE zone = 'B区';
-- Q3
SELECT COUNT(*) FROM sensor WHERE temp >= 40;
-- Q4
SELECT COUNT(*) FROM sensor WHERE temp IS NULL AND status = '在线';
```
""", spec="按 SQL 的标准含义计算：`AVG` 会忽略 NULL 值；NULL 与任何数比较都不成立。Q2 保留 1 位小数（四舍五入）。",
        fields=[{"key": "q1", "label": "Q1 结果"}, {"key": "q2", "label": "Q2 结果（保留 1 位小数）"},
                {"key": "q3", "label": "Q3 结果"}, {"key": "q4", "label": "Q4 结果"}],
        gold={"cells": {"q1": q1, "q2": q2, "q3": q3, "q4": q4}}, params={"tolerance": 0.05},
        explanation=f"""
- Q1 = {q1}：A 区且在线的是 id {'、'.join(str(d[0]) for d in dev if d[1] == 'A区' and d[2] == '在线')}；id 11 没有温度，但 `COUNT(*)` 数的是行数，照样计入。
- Q2 = {q2}：B 区的温度为 {'、'.join(f'{t:g}' for t in b_t)}，平均 = ({'+'.join(f'{t:g}' for t in b_t)}) ÷ {len(b_t)} = {q2}。
- Q3 = {q3}：温度 ≥ 40 的是 id {'、'.join(str(d[0]) for d in dev if d[3] is not None and d[3] >= 40)}；NULL 不参与比较，不会被计入。
- Q4 = {q4}：在线却没有上报温度的是 id {'、'.join(str(d[0]) for d in dev if d[3] is None and d[2] == '在线')}，这类设备需要排查上报链路。判断空值要用 `IS NULL`。
"""))
    # ---- 1.2.2 aggregating business data
    sales = [("06-01", "饮料", 320.0), ("06-01", "零食", 185.5), ("06-02", "饮料", 276.0), ("06-02", "日用品", 410.0),
             ("06-03", "零食", 142.5), ("06-03", "饮料", 298.0), ("06-04", "日用品", 365.0), ("06-04", "零食", 201.0),
             ("06-05", "饮料", 344.0), ("06-05", "日用品", 128.0)]
    by = {}
    for _, c, a in sales:
        by[c] = by.get(c, 0.0) + a
    total = sum(by.values())
    top = max(by, key=lambda c: by[c])
    share = round_half_up(by["饮料"] / total * 100, 1)
    items.append(item(
        id="L5-P-EX-SUM-001", kind="table", skills=["1.2.2"], difficulty=2, use=EXAM,
        prompt=f"便利店 6 月 1 日至 5 日的销售流水如下（单位：元）。按商品类别汇总（相当于 Excel 的分类汇总或数据透视表），填写汇总表。\n\n{md_table(['日期', '类别', '金额'], sales)}\n",
        spec="各类别合计 = 该类别所有流水金额之和；饮料占比 = 饮料合计 ÷ 全部合计 × 100，保留 1 位小数（四舍五入）。金额保留 1 位小数。",
        fields=[{"key": "drink", "label": "饮料合计"}, {"key": "snack", "label": "零食合计"},
                {"key": "daily", "label": "日用品合计"}, {"key": "total", "label": "全部合计"},
                {"key": "share", "label": "饮料占比（%）"}],
        gold={"cells": {"drink": by["饮料"], "snack": by["零食"], "daily": by["日用品"], "total": total, "share": share}},
        params={"tolerance": 0.05},
        explanation=f"""
饮料 = {' + '.join(f'{a:g}' for _, c, a in sales if c == '饮料')} = {by['饮料']:g}；零食 = {' + '.join(f'{a:g}' for _, c, a in sales if c == '零食')} = {by['零食']:g}；日用品 = {' + '.join(f'{a:g}' for _, c, a in sales if c == '日用品')} = {by['日用品']:g}。
全部合计 = {total:g}，三类合计之和应与逐行相加的总额一致，这是检查汇总是否漏行的简单方法。饮料占比 = {by['饮料']:g} ÷ {total:g} × 100 ≈ {share}%，是销售额最高的类别（{top}）。
"""))
    # ---- 2.1.2 sentiment classification
    e = [("e1", "电池续航比宣传的还长，出差三天不用充电。", "正面"),
         ("e2", "包装很精美，可惜里面的杯子碎了一个，申请退货了。", "负面"),
         ("e3", "订单显示明天下午送达。", "中性"),
         ("e4", "这服务“真周到”，打了五次电话才有人接。", "负面"),
         ("e5", "刚开始有点担心尺码，穿上正合适，很满意。", "正面"),
         ("e6", "这个型号和上一代有什么区别？", "中性"),
         ("e7", "价格偏贵，但是质量确实好，值得推荐。", "正面"),
         ("e8", "用了一周就卡顿发热，后悔买了。", "负面")]
    items.append(item(
        id="L5-P-EX-CLS-001", kind="classify", skills=["2.1.2"], difficulty=3, use=EXAM,
        prompt="电商商品评论情感标注：为每条评论选择情感类别。",
        spec=SPEC_SENT, labels=["正面", "负面", "中性"],
        entries=[{"id": i, "text": t} for i, t, _ in e], gold={"labels": {i: l for i, _, l in e}},
        explanation="""
- e2 先夸包装，“可惜”之后是商品破损、退货 → 负面；e7 “但是”之后是肯定和推荐 → 正面。
- e4 带引号的“真周到”是反话，后半句说明真实态度是不满 → 负面。
- e3 只陈述送达时间，e6 是提问 → 中性。
- e5 先说担心，结论是“很满意” → 正面。
按作者的整体态度和转折后的结论判断，不被个别褒贬词带偏。
"""))
    # ---- 2.1.2 NER
    spec_ner = """
- **标签**：`PER`（人名）、`LOC`（地名：国家、省市、区县、街道、山川、景区等）、`ORG`（机构名：公司、学校、医院、政府部门、航空公司等）、`TIME`（日期和时间）、`MONEY`（金额）。
- 选中实体的**完整**文字：人名不含称谓和身份词（“患者”“市民”“经理”不标）；TIME 不含“在”“于”“从”等介词；MONEY 包括数字和货币单位（如“5000元”“1.5亿元”“两千三百元”）。
- 日期和紧跟的时间连在一起时作为**一个** TIME（如“1月8日上午9点”）；相连的多级行政区划作为**一个** LOC（如“深圳市南山区”）。
- 实体嵌套时只标最外层：机构名里含地名的（如“北京大学”）整体标 ORG，不再单独标其中的地名。
- 标点不包含在实体内。
"""
    ner = [
        ("L5-P-EX-NER-001", 3, "5月20日上午10点，经理孙浩在南京市鼓楼区与华信物流有限公司签订合同，合同金额为86万元。",
         [("5月20日上午10点", "TIME"), ("孙浩", "PER"), ("南京市鼓楼区", "LOC"), ("华信物流有限公司", "ORG"), ("86万元", "MONEY")],
         "“经理”是职务，不包含在人名里；相连的“南京市鼓楼区”作为一个 LOC；日期和紧跟的“上午10点”合为一个 TIME；公司名包括“有限公司”后缀。"),
        ("L5-P-EX-NER-002", 3, "市民周敏于去年12月在武汉大学人民医院做了手术，医保报销后自付三千二百元，她的女儿林悦从广州赶回来照顾。",
         [("周敏", "PER"), ("去年12月", "TIME"), ("武汉大学人民医院", "ORG"), ("三千二百元", "MONEY"), ("林悦", "PER"), ("广州", "LOC")],
         "“市民”是身份词，PER 只标“周敏”；“于”是介词，TIME 从“去年”开始；医院名里嵌套了大学名，只标最外层的 ORG；汉字写的“三千二百元”同样是 MONEY；“从广州”中的“从”不属于地名。"),
    ]
    for iid, diff, text, ents, why in ner:
        gold = offsets(text, ents)
        listing = "；".join(f"“{text[g['start']:g['end']]}” {g['label']} [{g['start']}, {g['end']})" for g in gold)
        items.append(item(
            id=iid, kind="spans", skills=["2.1.2"], difficulty=diff, use=EXAM,
            prompt="命名实体标注：在下面的文本中选出所有人名、地名、机构名、时间和金额，并选择实体类型。",
            spec=spec_ner, labels=["PER", "LOC", "ORG", "TIME", "MONEY"], text=text, gold=gold,
            explanation=f"""
金标准共 {len(gold)} 个实体：{listing}（方括号内为字符位置，从 0 开始，右端不含）。
{why}
实体标注按“起点、终点、类型”三者完全一致才算对，多选或少选一个字都会判错，所以要特别注意边界。
"""))
    # ---- 2.1.1 text cleaning
    corpus = [("t01", "请问明天上午营业厅几点开门？"), ("t02", "？？？？？？"), ("t03", "我的快递三天了还没更新物流信息。"),
              ("t04", "请问明天上午营业厅几点开门？"), ("t05", "好"), ("t06", "宽带从昨晚开始一直断断续续，麻烦尽快处理。"),
              ("t07", "Ã¦Ë†â€˜Ã¨Â¦Â�Ã©â‚¬â‚¬Ã¨Â´Â§"), ("t08", "套餐里的流量为什么这个月用得特别快？"), ("t09", ""),
              ("t10", "我的快递三天了还没更新物流信息。")]

    def clean_reasons(rows):
        seen, out = set(), []
        for rid, t in rows:
            r = []
            if t == "":
                r.append("为空")
            elif not any("\u4e00" <= ch <= "\u9fff" for ch in t):
                r.append("没有任何汉字（乱码或纯符号）")
            elif len(t) < 4:
                r.append("少于 4 个字，没有有效信息")
            elif t in seen:
                r.append("与前面的条目重复")
            seen.add(t)
            out.append((rid, r))
        return out

    rows = clean_reasons(corpus)
    gold_ids = [rid for rid, rs in rows if rs]
    items.append(item(
        id="L5-P-EX-CLEAN-001", kind="select", skills=["2.1.1"], difficulty=2, use=EXAM,
        prompt="下面是准备用于“客服问题分类”标注的用户留言原始数据。按清洗规则，选出应当**剔除**的条目。",
        spec="""
清洗规则：
1. 剔除空文本；
2. 剔除乱码和纯符号（不含任何汉字）的文本；
3. 剔除少于 4 个字、没有有效信息的文本；
4. 去重：文字完全相同的，保留编号最小的一条，其余剔除。
""", entries=[{"id": rid, "text": t or "（空）"} for rid, t in corpus], gold={"ids": gold_ids},
        explanation=f"""
应剔除的是 {'、'.join(gold_ids)}：{_why(rows, None)}。
t01、t03 虽然后面有重复，但它们是编号最小的一条，应当保留。清洗时先定规则再逐条执行，保证同样的数据由不同的人清洗得到同样的结果。
"""))
    # ---- 2.2.2 statistics of annotated data
    labels = ["咨询", "投诉", "咨询", "建议", "咨询", "投诉", "表扬", "咨询", "投诉", "咨询",
              "建议", "咨询", "投诉", "表扬", "咨询", "咨询", "投诉", "建议", "咨询", "投诉"]
    cnt = Counter(labels)
    n = len(labels)
    pct = round_half_up(cnt["投诉"] / n * 100, 1)
    listing = "、".join(f"{i + 1}:{l}" for i, l in enumerate(labels))
    items.append(item(
        id="L5-P-EX-STAT-001", kind="table", skills=["2.2.2"], difficulty=2, use=EXAM,
        prompt=f"一批客服留言已完成意图标注，标注结果（编号:类别）如下：\n\n{listing}\n\n统计各类别的数量和投诉占比，填写统计表。\n",
        spec="投诉占比 = 投诉条数 ÷ 总条数 × 100，保留 1 位小数（四舍五入）。",
        fields=[{"key": "total", "label": "总条数"}, {"key": "ask", "label": "咨询"}, {"key": "complain", "label": "投诉"},
                {"key": "suggest", "label": "建议"}, {"key": "praise", "label": "表扬"}, {"key": "pct", "label": "投诉占比（%）"}],
        gold={"cells": {"total": n, "ask": cnt["咨询"], "complain": cnt["投诉"], "suggest": cnt["建议"],
                        "praise": cnt["表扬"], "pct": pct}},
        params={"tolerance": 0.05},
        explanation=f"""
共 {n} 条：咨询 {cnt['咨询']}、投诉 {cnt['投诉']}、建议 {cnt['建议']}、表扬 {cnt['表扬']}，四类之和 {sum(cnt.values())} 与总条数一致。
投诉占比 = {cnt['投诉']} ÷ {n} × 100 = {pct}%。统计后先核对“各类之和 = 总数”，可以发现漏数或重复计数；在 Excel 中可用 COUNTIF 按类别计数。
"""))
    # ---- 3.2.1 fault classification
    alerts = [("e1", "服务器 srv-07 电源模块告警，冗余电源失效", "硬件故障"),
              ("e2", "/var/log 分区使用率 98%", "存储空间不足"),
              ("e3", "推理服务健康检查连续 3 次超时", "服务异常"),
              ("e4", "网关到数据库的 ping 丢包率 35%", "网络故障"),
              ("e5", "内存条 DIMM_B2 出现不可纠正错误（ECC）", "硬件故障"),
              ("e6", "标注平台前端页面返回 502 Bad Gateway，后端进程已退出", "服务异常"),
              ("e7", "备份任务失败：目标卷剩余空间不足", "存储空间不足"),
              ("e8", "无法解析域名 api.internal（DNS 查询失败）", "网络故障")]
    items.append(item(
        id="L5-P-EX-SYS-001", kind="classify", skills=["3.2.1"], difficulty=3, use=EXAM,
        prompt="把监控系统发出的告警按故障类型分类，填写常见故障报告。",
        spec="""
- **类别**：`硬件故障`（GPU、内存、硬盘、电源、风扇等物理部件出错）、`网络故障`（丢包、断连、DNS、交换机端口）、`存储空间不足`（磁盘/分区空间用尽或接近用尽）、`服务异常`（进程崩溃、接口报错、响应超时等软件层面问题）。
- 按告警反映的**根本问题**归类。
""", labels=["硬件故障", "网络故障", "存储空间不足", "服务异常"],
        entries=[{"id": i, "text": t} for i, t, _ in alerts], gold={"labels": {i: l for i, _, l in alerts}},
        explanation="""
- e7 表面上是“备份任务失败”，根本原因是目标卷空间不足 → 存储空间不足。
- e6 的 502 来自后端进程退出，是软件服务问题 → 服务异常；e3 健康检查超时同样是服务异常。
- e1 电源模块、e5 内存 ECC 错误是物理部件问题 → 硬件故障；e4 丢包、e8 DNS 失败 → 网络故障。
按根本问题分类，才能把故障派给对的人处理。
"""))
    # ---- 3.1.1 start-up check
    boot = [("k1", "服务器电源指示灯", "绿色常亮", "绿色常亮"), ("k2", "GPU 识别数量", "4 块", "3 块"),
            ("k3", "数据库服务状态", "running", "running"), ("k4", "模型文件版本", "v2.3", "v2.1"),
            ("k5", "推理服务端口 8080", "监听中", "监听中"), ("k6", "系统时间与标准时间偏差", "≤ 1 秒", "3 分钟"),
            ("k7", "测试请求返回结果", "正常返回", "正常返回"), ("k8", "磁盘可用空间", "≥ 20%", "35%")]

    def boot_ok(k):
        if k[0] == "k8":
            return int(k[3].rstrip("%")) >= 20
        if k[0] == "k6":
            return k[3].endswith("秒") and float(k[3].split()[0]) <= 1
        return k[2] == k[3]

    bad = [k[0] for k in boot if not boot_ok(k)]
    items.append(item(
        id="L5-P-EX-SYS-002", kind="select", skills=["3.1.1"], difficulty=2, use=EXAM,
        prompt="你按操作手册开启了一套智能识别系统，开机自检记录如下。选出**不正常**、需要处理或上报后才能投入使用的检查项。",
        spec="实际状态满足“应为”一栏的要求即为正常，否则为不正常。",
        entries=[{"id": k[0], "text": f"{k[1]}｜应为：{k[2]}｜实际：{k[3]}"} for k in boot], gold={"ids": bad},
        explanation=f"""
不正常的是 {'、'.join(bad)}：k2 只识别到 3 块 GPU，可能有一块掉卡，推理能力会下降；k4 加载的是旧版本模型 v2.1，应换成要求的 v2.3；k6 系统时间偏差 3 分钟，会导致日志时间对不上、部分认证失败。
k8 可用空间 35% 高于 20% 的要求，正常。开机后逐项核对自检结果，发现异常先处理或上报，不要“能跑就用”。
"""))
    # ---- 3.2.1 routine maintenance: backup and disk space
    cap, used, daily, keep_pct = 2000, 1480, 24, 90
    used_pct = round_half_up(used / cap * 100, 1)
    days = math.floor((cap * keep_pct / 100 - used) / daily)
    backup_gb, copies = 120, 7
    items.append(item(
        id="L5-P-EX-SYS-003", kind="table", skills=["3.2.1"], difficulty=3, use=EXAM,
        prompt=f"""
日常维护检查：标注数据服务器的数据盘容量 {cap} GB，已用 {used} GB，近一个月平均每天新增 {daily} GB。运维规定使用率达到 {keep_pct}% 时必须扩容或清理。
另外，每天做一次全量备份，每份 {backup_gb} GB，备份服务器保留最近 {copies} 天的备份。填写维护记录。
""", spec=f"使用率 = 已用 ÷ 容量 × 100，保留 1 位小数（四舍五入）。距离达到 {keep_pct}% 还有几天 = ⌊({keep_pct}% × 容量 − 已用) ÷ 每天新增⌋（向下取整，到那天之前要处理完）。备份所需空间 = 每份大小 × 保留份数。",
        fields=[{"key": "used_pct", "label": "当前使用率（%）"}, {"key": "days", "label": f"距离达到 {keep_pct}% 的天数"},
                {"key": "backup", "label": "备份所需空间（GB）"}],
        gold={"cells": {"used_pct": used_pct, "days": days, "backup": backup_gb * copies}},
        params={"tolerance": 0.05},
        explanation=f"""
使用率 = {used} ÷ {cap} × 100 = {used_pct}%。{keep_pct}% 对应 {cap * keep_pct // 100} GB，还差 {cap * keep_pct // 100 - used} GB，按每天 {daily} GB 计算为 {(cap * keep_pct / 100 - used) / daily:.1f} 天，向下取整为 {days} 天——要在这之前安排扩容或清理。
备份需要 {backup_gb} × {copies} = {backup_gb * copies} GB。维护记录里写清楚这些数字，才能提前发现容量风险，而不是等到磁盘写满、服务中断才处理。
"""))


def main():
    ASSETS.mkdir(parents=True, exist_ok=True)
    clips = read_clips()
    img, txt, data, aud, sysi = [], [], [], [], []
    image_items(img)
    text_items(txt)
    data_items(data, clips)
    cleaning_items(data, clips)
    stat_items(data)
    audio_items(aud, clips)
    system_items(sysi)
    hdr = "Level 5 practical items"
    write_bank(OUT / "practical-image.toml", "图像标注（实操）", img, hdr + ": boxes, polygons, keypoints, polylines")
    write_bank(OUT / "practical-text.toml", "文本标注（实操）", txt, hdr + ": text classification and NER")
    write_bank(OUT / "practical-data.toml", "数据采集、处理、清洗与统计（实操）", data,
               hdr + ": collection, sorting, summarising, cleaning, statistics")
    write_bank(OUT / "practical-audio.toml", "语音转写（实操）", aud, hdr + ": transcription with filler words")
    write_bank(OUT / "practical-system.toml", "智能系统运维（实操）", sysi, hdr + ": start, use and maintain AI systems")
    exam = []
    exam_items(exam)
    write_bank(OUT / "exam-practical.toml", "技能考核保密题（实操）", exam,
               hdr + " for exams only: new instances of the families above, never shown in practice")
    n = len(img) + len(txt) + len(data) + len(aud) + len(sysi)
    print(f"level 5: {n} practical items, {len(exam)} exam-only")


if __name__ == "__main__":
    main()
