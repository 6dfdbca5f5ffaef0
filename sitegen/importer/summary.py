"""What an import did, in Vietnamese, for the editor who ran it."""

from __future__ import annotations

from .run import ImportReport


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


SHOWN = 20  # folders listed one by one after a real run; --dry-run lists them all


def _listed(label: str, items: list[str], everything: bool) -> list[str]:
    shown = items if everything else items[:SHOWN]
    lines = [f"  {label} {item}" for item in shown]
    if len(items) > len(shown):
        lines.append(f"  … và {_number(len(items) - len(shown))} bài khác (--dry-run liệt kê đủ).")
    return lines


def describe(report: ImportReport) -> str:
    lines = []
    if report.dry_run:
        lines.append("Chạy thử (--dry-run): không ghi tệp nào.")
    lines += _listed("Sẽ tạo" if report.dry_run else "Đã tạo", report.created, report.dry_run)
    lines += _listed("Sẽ cập nhật" if report.dry_run else "Đã cập nhật", report.updated, report.dry_run)
    lines += _listed("Đã có:", [f"{origin} (trong {there})" for origin, there in report.already_there],
                     report.dry_run)
    if report.changed_at_source:
        lines.append(f"  {_number(len(report.changed_at_source))} bài đã nhập trước đó nay khác ở trang cũ: "
                     "chạy lại với --update để cập nhật (tệp đã sửa tay được giữ nguyên).")
    for passed in report.skipped:
        lines.append(f"  Bỏ qua: {passed.origin}: {passed.reason}" + (f" {passed.hint}" if passed.hint else ""))
    if report.unknown_categories:
        lines.append("Chuyên mục chưa có trong site.toml (thêm vào tệp --category-map):")
        for name, count, closest in report.unknown_categories:
            near = f"; gần nhất: {closest}" if closest else ""
            lines.append(f"  \"{name}\": {_number(count)} bài{near}")
    new = "sẽ tạo" if report.dry_run else "mới"
    totals = (f"Kết quả: {_number(len(report.created))} bài {new}, {_number(len(report.updated))} cập nhật, "
              f"{_number(report.unchanged + len(report.changed_at_source) + len(report.already_there))} đã có, "
              f"{_number(len(report.skipped))} bỏ qua, {_number(len(report.problems.warnings))} cảnh báo; "
              f"{_number(report.photos)} ảnh, {_number(report.attachments)} tệp đính kèm; "
              f"{_number(report.not_articles)} trang không phải bài viết.")
    lines.append(totals)
    if report.by_category:
        lines.append("Theo chuyên mục: " + ", ".join(f"{name} {_number(count)}"
                                                      for name, count in sorted(report.by_category.items())) + ".")
    if not report.created and not report.updated and not report.dry_run:
        lines.append("Không có gì thay đổi trong content/.")
    return "\n".join(lines)
