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
  return (
    <html lang={props.lang === 'zh' ? 'zh-CN' : 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/site.css" />
        {props.head}
      </head>
      <body class="public-site">
        <header class="site-header">
          <a class="brand" href={props.lang === 'en' ? '/?lang=en' : '/'}>
            {t(props.lang, 'site.siteName')}
          </a>
          <nav aria-label={t(props.lang, 'site.language')}>
            <a
              href={props.switchHref}
              hreflang={props.lang === 'zh' ? 'en' : 'zh-CN'}
              lang={props.lang === 'zh' ? 'en' : 'zh-CN'}
            >
              {t(props.lang, 'site.switchTo')}
            </a>
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <footer class="site-footer">
          <a href="/docs">{t(props.lang, 'site.apiLink')}</a>
        </footer>
      </body>
    </html>
  );
}
