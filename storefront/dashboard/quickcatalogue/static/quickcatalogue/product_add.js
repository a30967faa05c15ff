/* Quick catalogue, "add a product": the camera opens straight away on a phone; the owner may
   already have a good photo in the gallery, and wants to see which photo was taken before saving. */
document.querySelectorAll("[data-gallery-for]").forEach(function (button) {
    var input = document.getElementById(button.dataset.galleryFor);
    var preview = button.parentNode.querySelector(".qc-photo-preview");
    button.hidden = false;
    button.addEventListener("click", function () {
        input.removeAttribute("capture");
        input.click();
    });
    input.addEventListener("change", function () {
        if (input.files.length) {
            preview.src = URL.createObjectURL(input.files[0]);
            preview.classList.remove("d-none");
        }
    });
});
