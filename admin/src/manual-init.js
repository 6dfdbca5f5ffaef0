window.CMS_MANUAL_INIT = true;  // admin.js registers our format and widgets, then starts Decap
