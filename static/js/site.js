// Counts the showcase's routes into the footer, so the page shows its script was served too,
// and writes the curl commands for the address the page was loaded from.
document.addEventListener("DOMContentLoaded", () => {
  const count = document.querySelectorAll(".routes > li").length;
  const out = document.getElementById("route-count");
  if (out) out.textContent = `${count} routes listed.`;
  for (const block of document.querySelectorAll(".curl code")) {
    block.textContent = block.textContent.replaceAll("http://127.0.0.1:8080", location.origin);
  }
});
