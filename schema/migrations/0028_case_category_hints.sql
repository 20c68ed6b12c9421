ALTER TABLE "case_categories" ADD COLUMN "hint_zh" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "case_categories" ADD COLUMN "hint_en" text DEFAULT '' NOT NULL;
--> statement-breakpoint
-- hand-written: begin
-- The default catalog's public categories get their hints in cities onboarded before them (a
-- category whose hint a city already wrote is left alone).
UPDATE "case_categories" SET "hint_zh" = '楼道照明、电梯、物业服务、邻里之间的事等身边诉求', "hint_en" = 'Stairwell lights, lifts, property management, neighbours and other everyday requests'
  WHERE "code" = 'residents_requests' AND "hint_zh" = '' AND "hint_en" = '';--> statement-breakpoint
UPDATE "case_categories" SET "hint_zh" = '困难家庭、独居老人、残疾人、留守儿童需要上门帮扶', "hint_en" = 'Help for families in hardship, older people living alone, people with disabilities, children left at home'
  WHERE "code" = 'social_services' AND "hint_zh" = '' AND "hint_en" = '';--> statement-breakpoint
UPDATE "case_categories" SET "hint_zh" = '路灯不亮、井盖缺失、道路破损、占道经营、垃圾堆放、路面积水', "hint_en" = 'Street lights out, missing manhole covers, damaged roads, stalls blocking the way, piled-up rubbish, standing water'
  WHERE "code" = 'city_operation' AND "hint_zh" = '' AND "hint_en" = '';--> statement-breakpoint
UPDATE "case_categories" SET "hint_zh" = '消防通道堵塞、电动车在楼道充电、燃气或用电隐患', "hint_en" = 'Blocked fire lanes, e-bikes charged in stairwells, gas or electrical hazards'
  WHERE "code" = 'work_safety' AND "hint_zh" = '' AND "hint_en" = '';--> statement-breakpoint
UPDATE "case_categories" SET "hint_zh" = '志愿服务、社区活动和居民议事的建议', "hint_en" = 'Volunteering, and ideas for community activities and residents'' councils'
  WHERE "code" = 'social_participation' AND "hint_zh" = '' AND "hint_en" = '';
-- hand-written: end
