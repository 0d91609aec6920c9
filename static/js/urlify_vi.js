/* Vietnamese names in the admin's suggested slugs: "Hà Nội" -> "ha-noi", "Đà Nẵng" -> "da-nang".
   Django's URLify drops every letter with a mark it has no table entry for ("ha-ni", "dja-nng"),
   so the name is folded first as clusters.text.fold does (đ -> d, marks removed), then handed to
   Django's URLify for the rest. Loaded after admin/js/urlify.js, which defines URLify. */
'use strict';
(function () {
    const djangoURLify = window.URLify;
    if (typeof djangoURLify !== 'function') {
        return;
    }
    function fold(text) {
        return text
            .replace(/đ/g, 'd')
            .replace(/Đ/g, 'D')
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '');
    }
    window.URLify = function (text, maxLength, allowUnicode) {
        return djangoURLify(fold(text), maxLength, allowUnicode);
    };
}());
