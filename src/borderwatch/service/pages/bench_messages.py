"""Every string of the officers' pages (the inspection bench), in Korean, Chinese and English.

Chosen per user: ``?lang=`` (remembered in a cookie), else the cookie, else the
browser's Accept-Language, else English (:func:`bench_language`). Verdicts and
outcomes keep their codes beside the words, as the API and the audit log name them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from borderwatch.service.pages import messages
from borderwatch.service.pages.messages import LANGUAGE_NAMES, LANGUAGES

__all__ = ["BENCH_MESSAGES", "LANGUAGE_COOKIE", "LANGUAGE_NAMES", "bench_language", "translator"]

#: the cookie that remembers the language an officer chose with ?lang=
LANGUAGE_COOKIE = "bw_lang"

BENCH_MESSAGES: dict[str, dict[str, str]] = {
    "site_title": {"ko": "세관 검사대", "zh": "海关查验台", "en": "Inspection bench"},
    "language": {"ko": "언어", "zh": "语言", "en": "Language"},
    "sign_in": {"ko": "로그인", "zh": "登录", "en": "Sign in"},
    "sign_out": {"ko": "로그아웃", "zh": "退出登录", "en": "Sign out"},
    "username": {"ko": "사용자 이름", "zh": "用户名", "en": "Username"},
    "password": {"ko": "비밀번호", "zh": "密码", "en": "Password"},
    "sign_in_failed": {
        "ko": "로그인하지 못했습니다. 사용자 이름이나 비밀번호가 틀렸거나 계정이 사용 중지되었습니다.",
        "zh": "登录失败：用户名或密码错误，或账户已停用。",
        "en": "Sign-in failed: the username or the password is wrong, or the account is not "
        "active.",
    },
    "locked": {
        "ko": "로그인 실패가 너무 많습니다. {seconds}초 후에 다시 시도하십시오.",
        "zh": "登录失败次数过多，请在{seconds}秒后重试。",
        "en": "Too many failed sign-ins. Try again in {seconds} seconds.",
    },
    "csrf_heading": {"ko": "요청이 거부되었습니다", "zh": "请求被拒绝", "en": "Request refused"},
    "csrf_text": {
        "ko": "이 양식은 만료되었거나 다른 사이트에서 보낸 것입니다. 아무것도 저장되지 "
        "않았습니다. 페이지를 다시 열고 다시 보내십시오.",
        "zh": "该表单已过期或来自其他网站，未保存任何内容。请重新打开页面后再提交。",
        "en": "This form has expired or was sent from another site. Nothing was stored. "
        "Open the page again and send it again.",
    },
    "forbidden_heading": {"ko": "권한이 없습니다", "zh": "无权操作", "en": "Not allowed"},
    "forbidden_text": {
        "ko": "{role} 역할로는 이 작업을 할 수 없습니다.",
        "zh": "{role}角色不能进行此操作。",
        "en": "A {role} may not do this.",
    },
    "not_found_heading": {"ko": "찾을 수 없습니다", "zh": "未找到", "en": "Not found"},
    "not_found_declaration": {
        "ko": "신고서 {ident}이(가) 없습니다.",
        "zh": "没有编号为{ident}的申报。",
        "en": "There is no declaration {ident}.",
    },
    "not_found_decision": {
        "ko": "결정 {ident}이(가) 없습니다.",
        "zh": "没有编号为{ident}的决定。",
        "en": "There is no decision {ident}.",
    },
    "refused_heading": {"ko": "기록되지 않았습니다", "zh": "未记录", "en": "Not recorded"},
    "back": {"ko": "신고서로 돌아가기", "zh": "返回申报", "en": "Back to the declaration"},
    "bench_nav": {"ko": "검사대 메뉴", "zh": "查验台菜单", "en": "Bench pages"},
    "queue": {"ko": "검사 대기열", "zh": "查验队列", "en": "Inspection queue"},
    "queue_heading": {
        "ko": "{crossing} 검사 대기열",
        "zh": "{crossing}查验队列",
        "en": "Inspection queue — {crossing}",
    },
    "queue_empty": {
        "ko": "결정을 기다리는 신고서가 없습니다.",
        "zh": "没有等待处理的申报。",
        "en": "No declaration is waiting for a decision.",
    },
    "choose_crossing": {"ko": "통관지 선택", "zh": "选择口岸", "en": "Choose a crossing"},
    "verdict": {"ko": "판정", "zh": "判定", "en": "Verdict"},
    "declared_id": {"ko": "신고 번호", "zh": "申报编号", "en": "Declared id"},
    "channel": {"ko": "경로", "zh": "渠道", "en": "Channel"},
    "company": {"ko": "관리 회사", "zh": "管理公司", "en": "Managing company"},
    "traveller": {"ko": "여행자", "zh": "旅客", "en": "Traveller"},
    "risk": {"ko": "위험도", "zh": "风险", "en": "Risk"},
    "model_chance": {"ko": "모형 {chance}%", "zh": "模型 {chance}%", "en": "model {chance}%"},
    "on_items": {"ko": "물품 {items}", "zh": "物品 {items}", "en": "items {items}"},
    "travelled_with": {
        "ko": "같이 온 가방: {group} ({bags}개, 그중 {sharing}개가 같은 물품)",
        "zh": "同行行李：{group}（{bags}件，其中{sharing}件有相同物品）",
        "en": "Travelled with: {group} ({bags} other bags, {sharing} with the same goods)",
    },
    "shared_goods": {
        "ko": "이 가방과 같은 사치품·상업용 물품 (HS6)",
        "zh": "与本行李相同的奢侈品或商业数量物品（HS6）",
        "en": "Luxury or commercial goods also in this bag (HS6)",
    },
    "lane_red": {"ko": "적색", "zh": "红色通道", "en": "red lane"},
    "lane_yellow": {"ko": "황색", "zh": "黄色通道", "en": "yellow lane"},
    "conveyance": {"ko": "버스 / 열차", "zh": "客车 / 列车", "en": "Bus / train"},
    "same_conveyance": {
        "ko": "{conveyance}의 신고만 보기",
        "zh": "只看{conveyance}的申报",
        "en": "Only the declarations of {conveyance}",
    },
    "any_channel": {"ko": "모든 경로", "zh": "所有渠道", "en": "any channel"},
    "filter": {"ko": "거르기", "zh": "筛选", "en": "Filter"},
    "waiting": {"ko": "대기 시간", "zh": "等候时间", "en": "Waiting"},
    "minutes": {"ko": "{n}분", "zh": "{n}分钟", "en": "{n} min"},
    "hours": {"ko": "{h}시간 {m}분", "zh": "{h}小时{m}分钟", "en": "{h} h {m} min"},
    "days": {"ko": "{d}일 {h}시간", "zh": "{d}天{h}小时", "en": "{d} d {h} h"},
    "declaration_heading": {
        "ko": "신고서 {ident} ({declared})",
        "zh": "申报 {ident}（{declared}）",
        "en": "Declaration {ident} ({declared})",
    },
    "summary": {
        "ko": "{crossing} · {date} · {direction} · {channel} · 접수 {received}",
        "zh": "{crossing} · {date} · {direction} · {channel} · 接收于{received}",
        "en": "{crossing} · {date} · {direction} · {channel} · received {received}",
    },
    "items": {"ko": "물품", "zh": "物品", "en": "Items"},
    "item": {"ko": "물품", "zh": "物品", "en": "Item"},
    "description": {"ko": "품명", "zh": "品名", "en": "Description"},
    "quantity": {"ko": "수량", "zh": "数量", "en": "Quantity"},
    "hs_code": {"ko": "HS 코드", "zh": "HS编码", "en": "HS code"},
    "hs_declared": {"ko": "신고된 코드", "zh": "申报的编码", "en": "as declared"},
    "hs_classified": {
        "ko": "품명으로 분류 (점수 {score})",
        "zh": "按品名归类（得分{score}）",
        "en": "classified from the description (score {score})",
    },
    "hs_unclassified": {
        "ko": "분류하지 못함",
        "zh": "未能归类",
        "en": "not classified",
    },
    "hs_converted": {
        "ko": "HS {version} 코드 {declared}에서 변환",
        "zh": "由HS {version}编码{declared}转换",
        "en": "converted from HS {version} code {declared}",
    },
    "legal_basis": {"ko": "법적 근거", "zh": "法律依据", "en": "Legal basis"},
    "no_basis": {"ko": "적용된 조치 없음", "zh": "无适用措施", "en": "no measure applied"},
    "candidates": {"ko": "분류 후보", "zh": "归类候选", "en": "Classification candidates"},
    "conflicts": {
        "ko": "제도 간 충돌",
        "zh": "不同制度间的冲突",
        "en": "Conflicts between regimes",
    },
    "tolerated_by": {"ko": "허용", "zh": "容许", "en": "tolerated by"},
    "prohibited_by": {"ko": "금지", "zh": "禁止", "en": "prohibited by"},
    "parties": {"ko": "당사자 적중", "zh": "当事方命中", "en": "Party hits"},
    "decision": {"ko": "결정", "zh": "决定", "en": "Decision"},
    "record": {"ko": "결정 기록", "zh": "记录决定", "en": "Record decision"},
    "record_for": {
        "ko": "물품 {item}에 대한 결정",
        "zh": "物品{item}的决定",
        "en": "Decision on item {item}",
    },
    "record_whole": {
        "ko": "신고서 전체에 대한 결정",
        "zh": "对整份申报的决定",
        "en": "Decision on the whole declaration",
    },
    "outcome": {"ko": "결과", "zh": "结果", "en": "Outcome"},
    "found": {"ko": "발견 내용", "zh": "查验发现", "en": "What was found"},
    "reason": {"ko": "사유", "zh": "理由", "en": "Reason"},
    "history": {"ko": "결정 이력", "zh": "决定记录", "en": "Decision history"},
    "history_empty": {"ko": "아직 결정이 없습니다.", "zh": "尚无决定。", "en": "No decision yet."},
    "whole": {"ko": "신고서 전체", "zh": "整份申报", "en": "whole declaration"},
    "amends": {"ko": "결정 {ident} 수정", "zh": "修改决定{ident}", "en": "amends decision {ident}"},
    "amended": {"ko": "수정됨", "zh": "已修改", "en": "amended"},
    "amend": {"ko": "수정", "zh": "修改", "en": "Amend"},
    "amend_for": {
        "ko": "결정 {ident} 수정",
        "zh": "修改决定{ident}",
        "en": "Amend decision {ident}",
    },
    "decided_by": {
        "ko": "{officer} ({role}), {at}",
        "zh": "{officer}（{role}），{at}",
        "en": "{officer} ({role}), {at}",
    },
    "audit": {"ko": "감사 기록", "zh": "审计日志", "en": "Audit log"},
    "chain_intact": {
        "ko": "해시 체인이 온전합니다: 기록 {count}건 확인, 최신 기록 {seq}.",
        "zh": "哈希链完整：已核验{count}条记录，最新记录为第{seq}条。",
        "en": "The hash chain is intact: {count} records checked, the newest is {seq}.",
    },
    "chain_broken": {
        "ko": "해시 체인이 기록 {seq}에서 끊어졌습니다",
        "zh": "哈希链在第{seq}条记录处断开",
        "en": "The hash chain breaks at record {seq}",
    },
    "audit_own_crossing": {
        "ko": "{crossing} 사용자의 기록만 표시합니다.",
        "zh": "仅显示{crossing}口岸用户的记录。",
        "en": "Only the records of the users of {crossing} are shown.",
    },
    "audit_at": {"ko": "시각", "zh": "时间", "en": "Time"},
    "audit_actor": {"ko": "행위자", "zh": "操作者", "en": "Actor"},
    "audit_action": {"ko": "작업", "zh": "操作", "en": "Action"},
    "audit_subject": {"ko": "대상", "zh": "对象", "en": "Subject"},
    "audit_detail": {"ko": "세부 내용", "zh": "详情", "en": "Detail"},
    "audit_empty": {"ko": "기록이 없습니다.", "zh": "没有记录。", "en": "No record."},
    "rules": {"ko": "조치 목록", "zh": "措施库", "en": "Rule base"},
    "rules_crossing": {"ko": "통관지", "zh": "口岸", "en": "Crossing"},
    "rules_date": {"ko": "날짜", "zh": "日期", "en": "Date"},
    "rules_from": {"ko": "비교 시작일", "zh": "比较起始日", "en": "Changes from"},
    "rules_to": {"ko": "비교 종료일", "zh": "比较截止日", "en": "Changes to"},
    "rules_show": {"ko": "보기", "zh": "查看", "en": "Show"},
    "rules_version": {
        "ko": "조치 목록 버전 {version}",
        "zh": "措施库版本{version}",
        "en": "rule base {version}",
    },
    "rules_measure": {"ko": "조치", "zh": "措施", "en": "Measure"},
    "rules_regime": {"ko": "제재 체계", "zh": "制裁体系", "en": "Regime"},
    "rules_effect": {"ko": "효과", "zh": "效果", "en": "Effect"},
    "rules_valid": {"ko": "유효 기간", "zh": "有效期", "en": "Valid"},
    "rules_coverage": {"ko": "적용 범위", "zh": "覆盖范围", "en": "Coverage"},
    "rules_change": {"ko": "변경", "zh": "变化", "en": "Change"},
    "rules_in_force": {
        "ko": "{date} {crossing}에서 시행 중인 조치",
        "zh": "{date}在{crossing}生效的措施",
        "en": "Measures in force at {crossing} on {date}",
    },
    "rules_for_code": {
        "ko": "{date} {crossing}에서 HS {code}에 적용되는 조치",
        "zh": "{date}在{crossing}适用于HS {code}的措施",
        "en": "What applies to HS {code} at {crossing} on {date}",
    },
    "rules_changes": {
        "ko": "{since}부터 {until}까지 {crossing}의 변경",
        "zh": "{crossing}自{since}至{until}的变化",
        "en": "What changed at {crossing} between {since} and {until}",
    },
    "rules_came_into_force": {"ko": "시행", "zh": "生效", "en": "came into force"},
    "rules_ceased": {"ko": "종료", "zh": "失效", "en": "ceased"},
    "rules_no_change": {
        "ko": "변경된 조치가 없습니다.",
        "zh": "没有措施变化。",
        "en": "No measure came into force or ceased.",
    },
    "rules_bad_date": {
        "ko": "{field} 값 {value}은(는) 날짜가 아닙니다. YYYY-MM-DD로 쓰십시오.",
        "zh": "{field}的值{value}不是日期，请写成YYYY-MM-DD。",
        "en": "{field}: {value} is not a date; write YYYY-MM-DD.",
    },
    "rules_bad_crossing": {
        "ko": "알 수 없는 통관지 {value}입니다. 목록에서 고르십시오.",
        "zh": "未知口岸{value}，请从列表中选择。",
        "en": "Unknown crossing {value}; choose one from the list.",
    },
    "rules_bad_hs": {"ko": "{problem}", "zh": "{problem}", "en": "{problem}"},
    "outcome_released": {"ko": "통과", "zh": "放行", "en": "released"},
    "outcome_inspected_released": {
        "ko": "검사 후 통과",
        "zh": "查验后放行",
        "en": "inspected and released",
    },
    "outcome_seized": {"ko": "압수", "zh": "扣留", "en": "seized"},
    "outcome_refused": {"ko": "통관 거부", "zh": "拒绝通关", "en": "refused"},
    "outcome_left_behind": {"ko": "두고 감", "zh": "留置口岸", "en": "left behind"},
    "outcome_referred": {"ko": "타 기관 이송", "zh": "移交其他机关", "en": "referred"},
}


def bench_language(
    query: Mapping[str, str], cookie: str | None, accept: str, stored: str | None = None
) -> str:
    """``?lang=`` when it names a page language; else the signed-in user's stored choice;
    else the remembered cookie; else the browser's first Korean, Chinese or English
    preference; else English."""
    for chosen in (query.get("lang"), stored, cookie):
        if chosen in LANGUAGES:
            return chosen
    for part in accept.split(","):
        code = part.strip()[:2].lower()
        if code in LANGUAGES:
            return code
    return "en"


def translator(language: str) -> Callable[..., str]:
    """``t(key, **values)``: the bench's message ``key`` in ``language``."""
    return messages.translator(language, BENCH_MESSAGES)
