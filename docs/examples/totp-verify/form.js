// No verify-url: the element is a form control. Its code goes with the form like an <input>'s;
// here the submission is shown instead of sent.
const form = document.getElementById('verify-form');
form.addEventListener('submit', (e) => {
  e.preventDefault();
  document.getElementById('verify-form-log').textContent = `would post ${new URLSearchParams(new FormData(form))}`;
});
