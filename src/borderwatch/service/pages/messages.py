"""Every string of the public check page, in Korean, Chinese and English.

The language is the one the person wrote in (:func:`language_of`), or the one
chosen with ``?lang=``. Korean and Chinese are written as an official notice
at the crossing would write them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

__all__ = ["LANGUAGES", "MESSAGES", "language_of", "translator"]

#: the page's languages, in the order the switcher lists them
LANGUAGES = ("ko", "zh", "en")

#: the names of the languages in themselves, for the switcher
LANGUAGE_NAMES = {"ko": "조선어(한국어)", "zh": "中文", "en": "English"}

MESSAGES: dict[str, dict[str, str]] = {
    "site_title": {
        "ko": "출국 전 휴대품 사전 확인",
        "zh": "出境前行李物品自查",
        "en": "Pre-departure baggage check",
    },
    "language": {"ko": "언어", "zh": "语言", "en": "Language"},
    "crossings_heading": {"ko": "통관지", "zh": "口岸", "en": "Crossings"},
    "crossings_intro": {
        "ko": "출발 전에 물품을 확인할 통관지를 고르십시오.",
        "zh": "请选择您的通关口岸，出行前自查所带物品。",
        "en": "Choose your crossing to check your items before you travel.",
    },
    "all_crossings": {"ko": "모든 통관지", "zh": "全部口岸", "en": "All crossings"},
    "check_heading": {
        "ko": "{crossing} — 통관 전 물품 사전 확인",
        "zh": "{crossing} — 通关前物品自查",
        "en": "{crossing} — check your items before you travel",
    },
    "intro": {
        "ko": "휴대하려는 물품을 입력하십시오. 여행 날짜에 이 통관지에서 시행 중인 조치를 "
        "귀국 노동자의 개인 휴대품에 적용하여 확인합니다. 이 결과는 안내일 뿐 세관의 결정이 "
        "아니며, 최종 판단은 현장 세관 직원이 합니다. 입력한 내용은 저장되지 않습니다.",
        "zh": "请填写您准备携带的物品。本自查按您出行当日该口岸施行的措施，以回国劳务人员"
        "个人行李物品进行审核。结果仅供参考，不是海关决定，以现场海关关员的判定为准。"
        "您填写的内容不会被保存。",
        "en": "Enter the items you plan to carry. They are checked against the measures in "
        "force at this crossing on your travel date, as a returning worker's personal "
        "baggage. This is advice, not a customs decision: the officer at the crossing "
        "decides. Nothing you enter is stored.",
    },
    "field_date": {"ko": "통관 날짜", "zh": "通关日期", "en": "Travel date"},
    "field_direction": {"ko": "방향", "zh": "出入境方向", "en": "Direction"},
    "direction_export": {
        "ko": "중국에서 조선으로 출국",
        "zh": "从中国出境前往朝鲜",
        "en": "Leaving China for the DPRK",
    },
    "direction_import": {
        "ko": "조선에서 중국으로 돌아옴",
        "zh": "从朝鲜返回中国",
        "en": "Returning to China from the DPRK",
    },
    "field_items": {
        "ko": "물품 — 한 줄에 한 가지씩, 자유롭게 적으십시오 (조선어, 중국어 또는 영어)",
        "zh": "物品——每行一件，用您自己的话填写（中文、朝鲜语或英语）",
        "en": "Items — one item per line, in your own words (Korean, Chinese or English)",
    },
    "items_example": {
        "ko": "예: 전기밥솥 1개 · 笔记本电脑 · rice cooker · 2 laptops",
        "zh": "例如：전기밥솥 1개 · 笔记本电脑 · rice cooker · 2 laptops",
        "en": "For example: 전기밥솥 1개 · 笔记本电脑 · rice cooker · 2 laptops",
    },
    "submit": {"ko": "확인", "zh": "查询", "en": "Check"},
    "result_heading": {
        "ko": "{date} {crossing} 확인 결과",
        "zh": "{date} {crossing} 自查结果",
        "en": "Result for {crossing} on {date}",
    },
    "col_item": {"ko": "물품", "zh": "物品", "en": "Item"},
    "col_quantity": {"ko": "수량", "zh": "数量", "en": "Quantity"},
    "col_outcome": {"ko": "판정", "zh": "结果", "en": "Outcome"},
    "col_why": {"ko": "사유", "zh": "原因", "en": "Why"},
    "col_basis": {"ko": "법적 근거", "zh": "法律依据", "en": "Legal basis"},
    "outcome_pass": {"ko": "통과 가능", "zh": "可予放行", "en": "May pass"},
    "outcome_refused": {"ko": "통과 불가", "zh": "不予放行", "en": "Will be refused"},
    "outcome_inspect": {"ko": "검사 대상", "zh": "须查验", "en": "Will be inspected"},
    "outcome_uncertain": {
        "ko": "확실히 식별하지 못함",
        "zh": "无法确定",
        "en": "Not identified with certainty",
    },
    "why_clear": {
        "ko": "이 날짜에 이 통관지에서 시행 중인 조치 가운데 이 물품을 막는 조치는 없습니다.",
        "zh": "该日期本口岸施行的措施均不禁止此物品。",
        "en": "No measure in force at this crossing on this date stops it.",
    },
    "why_prohibited": {
        "ko": "이 날짜에 이 통관지에서 이 물품은 금지되어 있습니다.",
        "zh": "该日期本口岸禁止此类物品通关。",
        "en": "These goods are prohibited at this crossing on this date.",
    },
    "why_exceeds_allowance": {
        "ko": "이런 종류의 물품이 허용 수량을 넘습니다.",
        "zh": "此类物品超过允许携带的数量。",
        "en": "You list more items of this kind than are allowed.",
    },
    "why_licence_required": {
        "ko": "허가서 또는 면제 문서가 있어야 하며, 통관할 때 제시해야 합니다.",
        "zh": "须持有许可证或豁免文件，并在通关时出示。",
        "en": "It needs a licence or an exemption, shown at the crossing.",
    },
    "why_refer": {
        "ko": "세관 직원이 판단해야 합니다(예: 물품 가격). 반드시 신고하십시오.",
        "zh": "须由海关关员判定（例如物品价值），请如实申报。",
        "en": "An officer must judge it (for example its value): declare it.",
    },
    "why_inspect": {
        "ko": "통관할 때 검사를 받습니다.",
        "zh": "通关时将接受查验。",
        "en": "It will be inspected at the crossing.",
    },
    "why_uncertain": {
        "ko": "물품을 확실히 식별하지 못했습니다. 반드시 신고하십시오. 세관 직원이 판단합니다.",
        "zh": "无法准确识别该物品——请如实申报，由海关关员判定。",
        "en": "Could not be identified with certainty — declare it; an officer will decide.",
    },
    "why_tolerated": {
        "ko": "보도에 따르면 이 통관지에서는 허용 수량 안에서 이런 물품을 통과시켰으나, "
        "법으로는 금지되어 있어 거부될 수 있습니다.",
        "zh": "据报道，本口岸曾在限量内放行此类物品，但法律予以禁止，仍可能不予放行。",
        "en": "Reported practice at this crossing let such items through within an "
        "allowance, but the law prohibits them: they may be refused.",
    },
    "identified_as": {
        "ko": "HS {code}(으)로 분류",
        "zh": "归类为HS {code}",
        "en": "Read as HS {code}",
    },
    "status_tolerated": {
        "ko": "한도 안에서 허용",
        "zh": "限量内允许",
        "en": "allows it, within a limit",
    },
    "allowance_heading": {"ko": "허용 수량", "zh": "限量", "en": "Allowances"},
    "allowance_row": {
        "ko": "{goods}: {allowed}개까지 허용, 입력한 수량 {used}개",
        "zh": "{goods}：允许{allowed}件，您填写了{used}件",
        "en": "{goods}: {allowed} allowed, you list {used}",
    },
    "allowance_none": {
        "ko": "{goods}: 허용되지 않음 (0개), 입력한 수량 {used}개",
        "zh": "{goods}：不允许携带（0件），您填写了{used}件",
        "en": "{goods}: none allowed, you list {used}",
    },
    "no_items": {
        "ko": "물품을 한 줄에 하나씩, 한 가지 이상 입력하십시오.",
        "zh": "请至少填写一件物品，每行一件。",
        "en": "Enter at least one item, one per line.",
    },
    "too_many_lines": {
        "ko": "처음 {count}줄만 확인했습니다.",
        "zh": "仅审核了前{count}行。",
        "en": "Only the first {count} lines were checked.",
    },
    "bad_date": {
        "ko": "날짜는 YYYY-MM-DD 형식으로 입력하십시오.",
        "zh": "日期格式应为YYYY-MM-DD。",
        "en": "Give the date as YYYY-MM-DD.",
    },
    "result_link": {"ko": "이 결과의 링크", "zh": "本结果链接", "en": "Link to this result"},
    "changes_heading": {
        "ko": "{date} 이전 90일 동안 이 통관지의 조치 변경 사항",
        "zh": "{date}之前90天内本口岸的措施变更",
        "en": "Changes to the measures at this crossing in the 90 days before {date}",
    },
    "changes_none": {
        "ko": "이 기간에 변경된 조치가 없습니다.",
        "zh": "此期间无措施变更。",
        "en": "No measure changed in this period.",
    },
    "changes_note": {
        "ko": "조치 명칭은 규정 데이터베이스에 기록된 대로(영어) 표시합니다. 대략적 날짜는 "
        "언론 보도에 따른 것이며 공식 고시가 아닙니다.",
        "zh": "措施名称按规则库的记录（英文）显示。标为大约日期的，系根据新闻报道，并非官方公告。",
        "en": "Measure names are as the rule base records them (in English). Approximate "
        "dates are as reported in the press, not an official notice.",
    },
    "not_found_heading": {"ko": "알 수 없는 통관지", "zh": "未知口岸", "en": "Unknown crossing"},
    "not_found_text": {
        "ko": "“{crossing}” 통관지는 없습니다. 목록에서 고르십시오.",
        "zh": "没有“{crossing}”口岸，请从列表中选择。",
        "en": "There is no crossing “{crossing}”. Choose one from the list.",
    },
    "rate_heading": {
        "ko": "확인 요청이 너무 많습니다",
        "zh": "查询过于频繁",
        "en": "Too many checks",
    },
    "rate_text": {
        "ko": "1분에 {limit}번 넘게 확인하셨습니다. {seconds}초 뒤에 다시 시도하십시오.",
        "zh": "您一分钟内查询超过{limit}次，请{seconds}秒后再试。",
        "en": "You made more than {limit} checks in a minute. Try again in {seconds} seconds.",
    },
}


def _has(text: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= ord(c) <= high for c in text for low, high in ranges)


#: Hangul syllables, jamo and compatibility jamo
_HANGUL = ((0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3130, 0x318F))
#: CJK unified ideographs, extension A and compatibility ideographs
_HAN = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF))


def language_of(text: str) -> str:
    """The language of ``text`` by its script: Hangul → ko, Han → zh, anything else → en.

    Hangul wins over Han: Korean text may quote Chinese characters, the reverse is rare.
    """
    if _has(text, _HANGUL):
        return "ko"
    if _has(text, _HAN):
        return "zh"
    return "en"


def translator(
    language: str, catalogue: Mapping[str, Mapping[str, str]] = MESSAGES
) -> Callable[..., str]:
    """``t(key, **values)``: the message ``key`` of ``catalogue`` (the public check's unless
    another is given) in ``language``, its ``{fields}`` filled."""

    def t(key: str, **values: object) -> str:
        return catalogue[key][language].format(**values)

    return t
