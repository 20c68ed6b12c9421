import type { Child } from 'hono/jsx';
import { type Lang, t } from '../i18n';

export function Layout(props: {
  lang: Lang;
  title: string;
  switchHref: string;
  children: Child;
  /** Extra head elements (feed links). */
  head?: Child;
}) {
  const m = t(props.lang);
  return (
    <html lang={props.lang === 'zh' ? 'zh-CN' : 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <link rel="stylesheet" href="/static/site.css" />
        {props.head}
      </head>
      <body>
        <header class="site-header">
          <a class="brand" href={props.lang === 'en' ? '/?lang=en' : '/'}>
            {m.siteName}
          </a>
          <nav aria-label={props.lang === 'zh' ? '语言' : 'Language'}>
            <a
              href={props.switchHref}
              hreflang={props.lang === 'zh' ? 'en' : 'zh-CN'}
              lang={props.lang === 'zh' ? 'en' : 'zh-CN'}
            >
              {m.switchTo}
            </a>
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <footer class="site-footer">
          <a href="/docs">{m.apiLink}</a>
        </footer>
      </body>
    </html>
  );
}
