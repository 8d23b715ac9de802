// Counts the showcase's routes into the footer, so the page shows its script was served too.
document.addEventListener("DOMContentLoaded", () => {
  const count = document.querySelectorAll(".routes li").length;
  const out = document.getElementById("route-count");
  if (out) out.textContent = `${count} routes listed.`;
});
