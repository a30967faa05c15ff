/* Langganan: the district (kecamatan) field of the delivery address suggests the courier
   provider's districts as the buyer types (a <datalist>: phones show it above the keyboard).
   Picking one keeps its id in the hidden courier_area_id field, so the courier rates go to that
   district, and fills the postal code, city and province when still empty. Typing anything else
   clears the id and the rates use the postal code. Without this script the field is plain text. */
(function () {
  "use strict";
  var input = document.querySelector("input[data-area-search]");
  var hidden = document.getElementById("id_courier_area_id");
  if (!input || !hidden) { return; }
  var list = document.createElement("datalist");
  list.id = input.id + "_choices";
  input.setAttribute("list", list.id);
  input.parentNode.appendChild(list);
  var areas = {}, timer = null, asked = "";

  function fill(id, value) {
    var field = document.getElementById(id);
    if (!field || !value || field.value) { return; }
    if (field.tagName === "SELECT" && !field.querySelector("option[value=\"" + value.replace(/"/g, "") + "\"]")) { return; }
    field.value = value;
  }
  function choose(area) {
    hidden.value = area.id;
    input.value = area.district || area.name;
    fill("id_postcode", area.postcode);
    fill("id_line4", area.city);
    fill("id_state", area.province);
  }
  function search() {
    var text = input.value.trim();
    if (text.length < 3 || text === asked) { return; }
    asked = text;
    fetch(input.getAttribute("data-area-search") + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { areas: [] }; })
      .then(function (data) {
        if (input.value.trim() !== text) { return; }  // the buyer typed on meanwhile
        areas = {};
        list.textContent = "";
        data.areas.forEach(function (area) {
          areas[area.name] = area;
          var option = document.createElement("option");
          option.value = area.name;
          list.appendChild(option);
        });
      })
      .catch(function () {});  // no suggestions: the typed district and the postal code do
  }
  input.addEventListener("input", function () {
    var area = areas[input.value];
    if (area) { choose(area); return; }
    hidden.value = "";
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 300);
  });
})();
