// The quick sale form: fills the price from the chosen product. Without JavaScript an
// empty price takes the product's price on the server. Served from /scripts/sale-form.js,
// as the page policy runs no inline script.
document.getElementById("product").addEventListener("change", function () {
  var price = this.options[this.selectedIndex].getAttribute("data-price");
  if (price) { document.getElementById("unit_price").value = price; }
});
