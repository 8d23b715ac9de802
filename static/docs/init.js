// Swagger UI on the showcase's own document. `validatorUrl: null`: no badge fetched from
// validator.swagger.io, so the page talks to this server only.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#api",
  validatorUrl: null,
  deepLinking: true,
  tryItOutEnabled: false,
  onComplete: function () { document.body.setAttribute("data-api-loaded", "yes"); },
});
