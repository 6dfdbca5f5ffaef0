// Phrases Decap CMS 3.16's Vietnamese locale lacks (it would show them in English), merged into it.
export const missingPhrases = {
  auth: {
    loginWithAzure: "Đăng nhập bằng Azure",
    loginWithForgejo: "Đăng nhập bằng tài khoản máy chủ git",
  },
  collection: {
    collectionTop: { viewAsList: "Xem dạng danh sách", viewAsGrid: "Xem dạng lưới", groupBy: "Nhóm theo" },
    entries: { unpublishedHeader: "Bài chưa đăng" },
    groups: { other: "Khác", negateLabel: "Không phải %{label}" },
  },
  editor: {
    editorControl: { field: { widgetLabel: "Trường %{widgetLabel}" } },
    editorControlPane: {
      i18n: {
        writingInLocale: "Đang viết bằng %{locale}",
        copyFromLocale: "Điền từ ngôn ngữ khác",
        copyFromLocaleConfirm: "Điền dữ liệu từ %{locale}?\nMọi nội dung hiện có sẽ bị ghi đè.",
      },
    },
    editorInterface: {
      toggleI18n: "Bật/tắt đa ngôn ngữ",
      togglePreview: "Bật/tắt xem trước",
      toggleScrollSync: "Cuộn đồng thời",
      toggleNotes: "Bật/tắt ghi chú",
    },
    editorNotesPane: {
      title: "Ghi chú",
      emptyState: "Chưa có ghi chú nào. Thêm ghi chú đầu tiên ở dưới để trao đổi với người duyệt.",
      addNote: "Thêm ghi chú",
      addPlaceholder: "Viết ghi chú…",
      editPlaceholder: "Sửa ghi chú…",
      save: "Lưu",
      cancel: "Hủy",
      edit: "Sửa",
      delete: "Xóa",
      resolve: "Đã xử lý",
      unresolve: "Mở lại",
      confirmDelete: "Bạn có chắc muốn xóa ghi chú này?",
      shortcut: "Mẹo: bấm Ctrl+Enter để thêm nhanh ghi chú",
    },
    editorToolbar: {
      statusInfoTooltipDraft: "Bài đang là bản nháp. Khi viết xong, chuyển trạng thái sang ‘Đang xét duyệt’ để gửi người duyệt.",
      statusInfoTooltipInReview: "Bài đang được xét duyệt, không cần làm gì thêm. Bạn vẫn có thể sửa trong lúc chờ.",
    },
    editorWidgets: {
      markdown: {
        bold: "Đậm",
        italic: "Nghiêng",
        strikethrough: "Gạch ngang",
        code: "Mã",
        link: "Liên kết",
        linkPrompt: "Nhập địa chỉ của liên kết",
        headings: "Tiêu đề mục",
        quote: "Trích dẫn",
        bulletedList: "Danh sách dấu chấm",
        numberedList: "Danh sách đánh số",
        addComponent: "Chèn thành phần",
        toggleMode: { rich: "Chuyển sang soạn thảo trực quan", markdown: "Chuyển sang soạn Markdown" },
      },
      image: {
        chooseMultiple: "Chọn ảnh",
        chooseUrl: "Chèn từ địa chỉ web",
        replaceUrl: "Thay bằng địa chỉ web",
        promptUrl: "Nhập địa chỉ của ảnh",
        addMore: "Thêm ảnh",
        removeAll: "Bỏ tất cả ảnh",
      },
      file: {
        chooseUrl: "Chèn từ địa chỉ web",
        chooseMultiple: "Chọn tệp",
        replaceUrl: "Thay bằng địa chỉ web",
        promptUrl: "Nhập địa chỉ của tệp",
        addMore: "Thêm tệp",
        removeAll: "Bỏ tất cả tệp",
      },
      datetime: { setToNow: "Đặt %{fieldLabel} là bây giờ" },
      list: { add: "Thêm %{item}", addType: "Thêm %{item}" },
      object: { expand: "Mở rộng", collapse: "Thu gọn" },
    },
  },
  mediaLibrary: {
    mediaLibraryCard: {
      copy: "Chép",
      copyUrl: "Chép địa chỉ",
      copyPath: "Chép đường dẫn",
      copyName: "Chép tên",
      copied: "Đã chép",
    },
    mediaLibraryModal: { close: "Đóng" },
  },
  ui: {
    settingsDropdown: { account: "Tài khoản" },
    toast: {
      noteAdded: "Đã thêm ghi chú",
      onFailToAddNote: "Không thêm được ghi chú: %{details}",
      noteUpdated: "Đã sửa ghi chú",
      onFailToUpdateNote: "Không sửa được ghi chú: %{details}",
      noteDeleted: "Đã xóa ghi chú",
      onFailToDeleteNote: "Không xóa được ghi chú: %{details}",
      noteResolved: "Ghi chú đã xử lý",
      noteReopened: "Đã mở lại ghi chú",
      onFailToToggleNote: "Không đổi được trạng thái ghi chú: %{details}",
    },
  },
};

// Phrases of Decap's Vietnamese locale that are cut short or read oddly.
export const correctedPhrases = {
  editor: { editorToolbar: { status: "Trạng thái: %{status}" } },
};

// The locale with the missing phrases filled in and the corrected ones replaced.
export function completed(locale, missing = missingPhrases, corrected = correctedPhrases) {
  return withPhrases(withPhrases(locale, missing, false), corrected, true);
}

function withPhrases(locale, missing, replace) {
  const result = { ...locale };
  for (const [key, value] of Object.entries(missing)) {
    if (value && typeof value === "object") {
      result[key] = withPhrases(locale?.[key] ?? {}, value, replace);
    } else if (replace || !(key in result)) {
      result[key] = value;
    }
  }
  return result;
}
